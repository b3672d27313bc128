package io.machinarium.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A runtime's IO counters follow its bytes, contexts and failures, and no other runtime's. */
class IoStatsTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void bytesOpenContextsAndFailuresAreCounted() throws Exception {
        try (Machinarium rt = Runtimes.start(1); Machinarium other = Runtimes.start(1)) {
            IoStats stats = IoStats.of(rt);
            AtomicReference<SocketAddress> addr = new AtomicReference<>();
            var server = rt.machine(0).spawn(() -> {
                try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                    addr.set(l.localAddress());
                    try (IoContext io = l.accept(T)) {
                        for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
                            io.write(b);
                        }
                    }
                }
            });
            io.machinarium.core.testing.Await.until(T, () -> addr.get() != null, () -> "the server never listened");
            rt.machine(0).spawn(() -> {
                try (IoContext c = IoContext.connect(addr.get(), T, IoOptions.defaults())) {
                    c.write(new byte[1000]);
                    assertThat(c.read(1000, T).release()).isTrue();
                    assertThat(stats.open()).isEqualTo(2);
                    c.shutdownOutput(T);
                }
            }).join(T);
            server.join(T);
            assertThat(stats.bytesRead()).isEqualTo(2000);
            assertThat(stats.bytesWritten()).isEqualTo(2000);
            assertThat(stats.opened()).isEqualTo(2);
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            rt.machine(0).spawn(() -> assertThatThrownBy(() -> IoContext.connect(
                    new InetSocketAddress("127.0.0.1", closedPort), T, IoOptions.defaults()))
                    .isInstanceOf(IoFailedException.class)).join(T);
            assertThat(stats.errors()).isEqualTo(1);
            IoStats elsewhere = IoStats.of(other);  // a second runtime in the same process counted nothing
            assertThat(elsewhere.bytesRead() + elsewhere.bytesWritten() + elsewhere.opened() + elsewhere.errors()).isZero();
        }
    }
}
