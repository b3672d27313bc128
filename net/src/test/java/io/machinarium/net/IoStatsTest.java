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

/** The process-wide IO counters follow bytes, contexts and failures. */
class IoStatsTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void bytesOpenContextsAndFailuresAreCounted() throws Exception {
        try (Machinarium rt = Runtimes.start(1)) {
            long read0 = IoStats.bytesRead();
            long written0 = IoStats.bytesWritten();
            long opened0 = IoStats.opened();
            long errors0 = IoStats.errors();
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
            while (addr.get() == null) {
                Thread.sleep(1);
            }
            rt.machine(0).spawn(() -> {
                try (IoContext c = IoContext.connect(addr.get(), T, IoOptions.defaults())) {
                    c.write(new byte[1000]);
                    assertThat(c.read(1000, T).release()).isTrue();
                    assertThat(IoStats.open()).isGreaterThanOrEqualTo(2);
                    c.shutdownOutput(T);
                }
            }).join(T);
            server.join(T);
            assertThat(IoStats.bytesRead() - read0).isGreaterThanOrEqualTo(2000);
            assertThat(IoStats.bytesWritten() - written0).isGreaterThanOrEqualTo(2000);
            assertThat(IoStats.opened() - opened0).isGreaterThanOrEqualTo(2);
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            rt.machine(0).spawn(() -> assertThatThrownBy(() -> IoContext.connect(
                    new InetSocketAddress("127.0.0.1", closedPort), T, IoOptions.defaults()))
                    .isInstanceOf(IoFailedException.class)).join(T);
            assertThat(IoStats.errors() - errors0).isGreaterThanOrEqualTo(1);
        }
    }
}
