package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Await;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.machinarium.net.Listener;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An upgraded connection keeps its TLS state when it moves between machines. */
class MigrationTlsTest {
    private final Machinarium rt = Runtimes.start(3);

    @AfterEach
    void close() {
        rt.close();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void anUpgradedConnectionMovesToAnotherMachineMidStream(TlsProvider p) {
        TlsConfig sc = server(p).build();
        AtomicReference<java.net.SocketAddress> bound = new AtomicReference<>();
        SharedChannel<IoContext> handedOver = new SharedChannel<>();  // the hand-off, as an acceptor does it
        var acceptor = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(TlsTesting.loopback())) {
                bound.set(l.localAddress());
                IoContext io = l.accept(T);
                Tls.upgrade(io, sc, T);
                assertThat(io.readBytes(1000, T)).isEqualTo(TlsTesting.pattern(1000, 1));
                io.detach();
                handedOver.write(io);
            }
        });
        var worker = rt.machine(1).spawn(() -> {
            IoContext io = handedOver.read(T);
            io.attach();
            TlsTesting.echo(io);
            io.close();
        });
        Await.set(bound);
        TlsConfig cc = client(p).build();
        TlsTesting.on(rt.machine(2), () -> {
            try (IoContext io = IoContext.connect(bound.get(), T)) {
                Tls.upgrade(io, cc, T);
                io.write(TlsTesting.pattern(1000, 1));
                for (int i = 0; i < 50; i++) {
                    byte[] chunk = TlsTesting.pattern(20_000, i);
                    io.write(chunk);
                    assertThat(io.readBytes(chunk.length, T)).isEqualTo(chunk);
                }
            }
        });
        acceptor.join(T);
        worker.join(T);
    }
}
