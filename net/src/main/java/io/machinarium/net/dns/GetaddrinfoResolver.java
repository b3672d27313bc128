package io.machinarium.net.dns;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.Offload;
import io.machinarium.core.OffloadFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The system resolver (getaddrinfo through {@link InetAddress#getAllByName}) run on the offload pool. */
final class GetaddrinfoResolver implements Resolver {
    private static final GetaddrinfoResolver UNCACHED = new GetaddrinfoResolver();

    static GetaddrinfoResolver uncached() {
        return UNCACHED;
    }

    @Override
    public List<InetAddress> resolve(String host, Duration timeout) {
        try {
            return Arrays.asList(Offload.call(() -> InetAddress.getAllByName(host), timeout));
        } catch (OffloadFailedException e) {
            Throwable c = e.getCause();
            IOException io = c instanceof IOException x ? x : new IOException(c);
            throw new IoFailedException("cannot resolve '" + host + "': " + c.getMessage(), io);
        }
    }
}
