package io.machinarium.net.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.machinarium.net.Listener;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connecting by host name: resolve, then connect, within one timeout, on loopback only. */
class ConnectByNameTest {
    private static final Duration T = Duration.ofSeconds(20);
    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    private String roundTrip(IoOptions options) {
        AtomicReference<String> got = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                int port = ((InetSocketAddress) l.localAddress()).getPort();
                Coroutine server = rt.machine(0).spawn(() -> {
                    try (IoContext io = l.accept(T)) {
                        io.write(io.readBytes(5, T));
                    }
                });
                try (IoContext io = IoContext.connect("localhost", port, T, options)) {
                    assertThat(((InetSocketAddress) io.remoteAddress()).getAddress().isLoopbackAddress()).isTrue();
                    io.write("hello".getBytes(StandardCharsets.UTF_8));
                    got.set(new String(io.readBytes(5, T), StandardCharsets.UTF_8));
                }
                server.join(T);
            }
        }).join(T);
        return got.get();
    }

    @Test
    void connectsToLocalhostThroughTheMachinesDefaultResolver() {
        assertThat(roundTrip(IoOptions.defaults())).isEqualTo("hello");
    }

    @Test
    void connectsToLocalhostThroughTheGetaddrinfoResolverOfTheOptions() {
        assertThat(roundTrip(IoOptions.defaults().withResolver(Resolver.getaddrinfo()))).isEqualTo("hello");
    }
}
