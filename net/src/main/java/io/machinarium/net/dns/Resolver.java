package io.machinarium.net.dns;

import io.machinarium.core.CancelledException;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.TimedOutException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Resolves host names without blocking a machine. Two kinds exist: the default asynchronous resolver
 * on each machine's own event loop, and a getaddrinfo resolver that runs the system's resolver on the
 * offload pool with a TTL cache.
 */
public interface Resolver {
    /**
     * Resolves a host name (or parses an address literal) into its addresses.
     *
     * @param host the name or literal
     * @param timeout how long to wait at most; null waits forever
     * @return the addresses, at least one, in preference order
     * @throws TimedOutException if no answer came in time
     * @throws CancelledException if the calling coroutine is or gets cancelled
     * @throws IoFailedException if the name does not resolve (the cause is an {@code UnknownHostException})
     */
    List<InetAddress> resolve(String host, Duration timeout);

    /**
     * The default resolver of the calling machine.
     *
     * @return the resolver
     */
    static Resolver system() {
        return GetaddrinfoResolver.uncached();
    }
}
