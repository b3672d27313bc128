package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static io.machinarium.net.NetTesting.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteTest {
    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void aWriterWaitsWhileThePeerDoesNotReadAndTimesOutWithoutWriting() {
        on(rt.machine(0), () -> {
            IoOptions small = IoOptions.defaults().withWriteBuffer(64 * 1024, 16 * 1024).withReadahead(64 * 1024, 16 * 1024);
            try (Listener l = Listener.bind(loopback(), ListenOptions.defaults().withIo(small));
                 IoContext client = IoContext.connect(l.localAddress(), T, small);
                 IoContext server = l.accept(T)) {
                long written = 0;
                TimedOutException full = null;
                while (full == null && written < 512L * 1024 * 1024) {
                    try {
                        client.write(Unpooled.wrappedBuffer(new byte[32 * 1024]), Duration.ofMillis(100));
                        written += 32 * 1024;
                    } catch (TimedOutException e) {
                        full = e;
                    }
                }
                assertThat(full).as("a peer that never reads fills the buffers: the write must time out").isNotNull()
                        .hasMessageContaining("found no room within");
                // the peer reads now: everything written arrives and writing goes on
                long got = 0;
                while (got < written) {
                    ByteBuf b = server.readSome(T);
                    got += b.readableBytes();
                    b.release();
                }
                assertThat(got).isEqualTo(written);
                client.write(Unpooled.wrappedBuffer(new byte[] {1}), T);
                assertThat(server.readBytes(1, T)).containsExactly(1);
            }
        });
    }

    @Test
    void writingToAClosedConnectionFailsClearlyAndReleasesTheBuffer() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(loopback());
                 IoContext client = IoContext.connect(l.localAddress(), T)) {
                l.accept(T).close();
                assertThat(client.readSome(T)).isNull();
                ByteBuf b = Unpooled.buffer(16).writeZero(16);
                client.close();
                assertThatThrownBy(() -> client.write(b, T)).isInstanceOf(ClosedException.class);
                assertThat(b.refCnt()).as("the write owned the buffer and released it").isZero();
            }
        });
    }

    @Test
    void writesToAPeerThatResetTheConnectionEndInAnError() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(loopback());
                 IoContext client = IoContext.connect(l.localAddress(), T)) {
                IoContext server = l.accept(T);
                server.socket().lingerZero();
                server.close();
                MachinariumException failure = null;
                for (int i = 0; i < 100 && failure == null; i++) {
                    try {
                        client.write(Unpooled.wrappedBuffer(new byte[1024]), T);
                        Coroutine.sleep(1);
                    } catch (MachinariumException e) {
                        failure = e;
                    }
                }
                assertThat(failure).as("a reset peer ends the writes with an error").isNotNull();
            }
        });
    }
}
