package io.machinarium.net.dns;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Resolves host names without blocking a machine: a lookup suspends only the calling coroutine. Two
 * kinds exist: the asynchronous resolver on each machine's own event loop ({@link #system()}, the
 * default, and {@link #async(InetSocketAddress)} for name servers of your choice), and a getaddrinfo
 * resolver that runs the JDK's system resolver on the offload pool with a TTL cache
 * ({@link #getaddrinfo()}).
 *
 * <pre>{@code
 * List<InetAddress> db = Resolver.system().resolve("db.internal", Duration.ofSeconds(2));
 * IoOptions viaGai = IoOptions.defaults().withResolver(Resolver.getaddrinfo());
 * }</pre>
 *
 * <p>Address literals ({@code 10.0.0.1}, {@code ::1}, {@code [::1]}) resolve at once to themselves, with
 * no query, no offload and no need for a coroutine. Every resolver may be shared by all machines.
 *
 * @since 0.1.0
 */
public interface Resolver {
    /**
     * Resolves a host name (or parses an address literal) into its addresses, suspending the calling
     * coroutine until they are known.
     *
     * @param host the name or literal
     * @param timeout how long to wait at most; null waits forever
     * @return the addresses, at least one, in preference order (IPv4 before IPv6); an unmodifiable list
     * @throws TimedOutException if no answer came in time
     * @throws CancelledException if the calling coroutine is or gets cancelled
     * @throws IoFailedException if the name does not resolve (the cause is an {@code UnknownHostException})
     * @throws ClosedException if the resolver was closed
     * @throws RejectedException if the resolver runs on the offload pool and the pool is full
     * @throws MisuseException if a name (not a literal) is resolved outside a coroutine
     */
    List<InetAddress> resolve(String host, Duration timeout);

    /**
     * The default resolver: Netty's asynchronous DNS client on the calling machine's event loop, one per
     * machine, created at its first lookup and closed when the machine stops. It asks the name servers
     * of {@code /etc/resolv.conf} (with its search domains, ndots and timeout), answers from
     * {@code /etc/hosts} first, and caches answers as long as their TTLs say. The same object serves
     * every machine; each lookup uses the instance of the caller's machine, so nothing is shared between
     * machines or runtimes. Never blocks.
     *
     * @return the resolver, for use on any machine; it is never closed by its users
     */
    static Resolver system() {
        return AsyncResolver.SYSTEM;
    }

    /**
     * An asynchronous resolver that asks one given name server, with the defaults of
     * {@link AsyncResolver#builder()} otherwise. Never blocks; opens no socket until its first lookup.
     *
     * @param nameServer the name server's address and port (53 for a usual one)
     * @return the resolver; close it when done to free its sockets
     */
    static AsyncResolver async(InetSocketAddress nameServer) {
        return AsyncResolver.builder().nameServer(nameServer).build();
    }

    /**
     * The shared getaddrinfo resolver: {@link InetAddress#getAllByName} on the offload pool, with one cache
     * per runtime (two runtimes of one process share none) whose entries live 30 s; for another time, make
     * one with {@link #getaddrinfo(Duration)}. Never blocks.
     *
     * @return the resolver
     */
    static Resolver getaddrinfo() {
        return GetaddrinfoResolver.PER_RUNTIME;
    }

    /**
     * A getaddrinfo resolver with a cache of its own, whose entries live for {@code ttl}. Never blocks.
     *
     * @param ttl how long an answer is reused; zero caches nothing
     * @return a new resolver
     * @throws IllegalArgumentException if {@code ttl} is null or negative
     */
    static Resolver getaddrinfo(Duration ttl) {
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("the getaddrinfo cache TTL must be zero or positive, not " + ttl);
        }
        return new GetaddrinfoResolver(ttl, InetAddress::getAllByName);
    }
}
