package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static io.machinarium.net.NetTesting.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientServerTest {
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    private void clientServer(int serverMachine, int clientMachine) {
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        AtomicReference<String> got = new AtomicReference<>();
        Coroutine server = rt.machine(serverMachine).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                addr.set(l.localAddress());
                NetTesting.echo(l.accept(T));
            }
        });
        NetTesting.awaitSet(addr);
        on(rt.machine(clientMachine), () -> {
            try (IoContext io = IoContext.connect(addr.get(), T)) {
                io.write("hello, machinarium".getBytes(StandardCharsets.UTF_8));
                got.set(new String(io.readBytes(18, T), StandardCharsets.UTF_8));
            }
        });
        server.join(T);
        assertThat(got.get()).isEqualTo("hello, machinarium");
    }

    @Test
    void clientAndServerOnOneMachine() {
        clientServer(0, 0);
    }

    @Test
    void clientAndServerAcrossMachines() {
        clientServer(0, 1);
    }

    @Test
    void connectToAClosedPortFailsWithIoFailedExceptionCausedByTheRefusal() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        on(rt.machine(0), () -> {
            SocketAddress free;
            try (Listener l = Listener.bind(loopback())) {
                free = l.localAddress();
            }
            try {
                IoContext.connect(free, T);
            } catch (IoFailedException e) {
                caught.set(e);
            }
        });
        assertThat(caught.get()).isInstanceOf(IoFailedException.class).hasMessageContaining("connect to");
        assertThat(caught.get().getCause()).isInstanceOf(ConnectException.class);
    }

    @Test
    void acceptTimesOut() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(loopback())) {
                assertThatThrownBy(() -> l.accept(Duration.ofMillis(20))).isInstanceOf(TimedOutException.class)
                        .hasMessageContaining("no connection arrived");
            }
        });
    }

    @Test
    void acceptIsCancelled() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coroutine c = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                l.accept(null);
            } catch (CancelledException e) {
                caught.set(e);
            }
        });
        NetTesting.awaitState(c, CoroutineState.WAITING);
        c.cancel();
        c.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class);
    }

    @Test
    void readTimesOutAndKeepsWhatArrived() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(loopback());
                 IoContext client = IoContext.connect(l.localAddress(), T);
                 IoContext server = l.accept(T)) {
                client.write(new byte[] {1, 2, 3});
                assertThatThrownBy(() -> server.read(4, Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
                assertThat(server.pending()).isEqualTo(3);
                client.write(new byte[] {4});
                assertThat(server.readBytes(4, T)).containsExactly(1, 2, 3, 4);
            }
        });
    }

    @Test
    void readIsCancelled() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        AtomicReference<Listener> listener = new AtomicReference<>();
        Coroutine reader = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback());
                 IoContext client = IoContext.connect(l.localAddress(), T);
                 IoContext server = l.accept(T)) {
                listener.set(l);
                try {
                    server.read(1, null);
                } catch (CancelledException e) {
                    caught.set(e);
                }
            }
        });
        NetTesting.awaitSet(listener);
        NetTesting.awaitState(reader, CoroutineState.WAITING);
        reader.cancel();
        reader.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class).hasMessageContaining("cancelled");
    }

    @Test
    void halfCloseLetsThePeerFinishReadingAndStillAnswer() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(loopback());
                 IoContext client = IoContext.connect(l.localAddress(), T);
                 IoContext server = l.accept(T)) {
                client.write("request".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput(T);
                ByteBuf all = server.read(7, T);
                all.release();
                assertThat(server.readSome(T)).as("end of stream after the half-close").isNull();
                server.write("answer".getBytes(StandardCharsets.UTF_8));
                server.shutdownOutput(T);
                assertThat(new String(client.readBytes(6, T), StandardCharsets.UTF_8)).isEqualTo("answer");
                assertThat(client.readSome(new byte[8], T)).isEqualTo(-1);
            }
        });
    }

    @Test
    void readingPastTheEndOfStreamIsAClearError() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(loopback());
                 IoContext server = acceptAfter(l)) {
                assertThatThrownBy(() -> server.read(10, T)).isInstanceOf(ClosedException.class)
                        .hasMessageContaining("after 2 of 10 bytes");
                assertThat(server.pending()).isEqualTo(2);
            }
        });
    }

    private static IoContext acceptAfter(Listener l) {
        try (IoContext client = IoContext.connect(l.localAddress(), T)) {
            client.write(new byte[] {7, 7});
        }
        return l.accept(T);
    }

    @Test
    void aContextIsConfinedToItsMachine() {
        AtomicReference<IoContext> ref = new AtomicReference<>();
        AtomicReference<Listener> lref = new AtomicReference<>();
        on(rt.machine(0), () -> {
            Listener l = Listener.bind(loopback());
            lref.set(l);
            ref.set(IoContext.connect(l.localAddress(), T));
        });
        AtomicReference<Throwable> caught = new AtomicReference<>();
        on(rt.machine(1), () -> {
            try {
                ref.get().read(1, T);
            } catch (MisuseException e) {
                caught.set(e);
            }
        });
        assertThat(caught.get()).hasMessageContaining("of machine '" + rt.machine(0).name() + "'");
        assertThatThrownBy(() -> ref.get().pending()).isInstanceOf(MisuseException.class);
        on(rt.machine(0), () -> {
            ref.get().close();
            lref.get().close();
        });
    }

    @Test
    void gatheringWriteSendsEveryBufferInOrder() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(loopback());
                 IoContext client = IoContext.connect(l.localAddress(), T);
                 IoContext server = l.accept(T)) {
                client.writev(T, io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {1, 2}),
                        io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {3}),
                        io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {4, 5, 6}));
                assertThat(server.readBytes(6, T)).containsExactly(1, 2, 3, 4, 5, 6);
                assertThat(client.localAddress()).isEqualTo(server.remoteAddress());
                assertThat(((InetSocketAddress) server.localAddress()).getPort())
                        .isEqualTo(((InetSocketAddress) l.localAddress()).getPort());
            }
        });
    }
}
