package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Runtimes;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IoContext#onClose}: a program hears that a connection went away without a coroutine waiting on it —
 * on the machine that owns the connection, outside any coroutine — and a half-close is not a close.
 */
class OnCloseTest {
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    /** Where and how a close callback ran. */
    private record Ran(Machine machine, boolean inCoroutine) {
        static Ran here() {
            return new Ran(Machine.current(), Coroutine.current() != null);
        }
    }

    @Test
    void aPeerResetRunsTheCallbackOnTheOwningMachineWhileNoCoroutineWaitsOnTheConnection() throws Exception {
        CompletableFuture<Ran> ran = new CompletableFuture<>();
        CompletableFuture<Void> watching = new CompletableFuture<>();
        AtomicReference<SocketAddress> at = new AtomicReference<>();
        SharedChannel<String> never = new SharedChannel<>();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                at.set(l.localAddress());
                try (IoContext io = l.accept(T)) {
                    io.onClose(() -> ran.complete(Ran.here()));
                    watching.complete(null);
                    never.read(T);  // waits on something else entirely; the reset cancels nothing
                }
            } catch (io.machinarium.core.CancelledException e) {
                // the test is over
            }
        });
        try (Socket client = connect(NetTesting.awaitSet(at))) {
            watching.get(T.toSeconds(), TimeUnit.SECONDS);
            client.setSoLinger(true, 0);
        }
        assertThat(ran.get(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Ran(rt.machine(0), false));
        server.cancel();
        server.join(T);
    }

    @Test
    void aLocalCloseRunsTheCallbacksInTheOrderTheyWereAdded() throws Exception {
        StringBuffer order = new StringBuffer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        serveOne(rt.machine(0), io -> {
            io.onClose(() -> order.append("first "));
            io.onClose(() -> {
                order.append("second");
                done.complete(null);
            });
            io.close();
        });
        done.get(T.toSeconds(), TimeUnit.SECONDS);
        assertThat(order).hasToString("first second");
    }

    @Test
    void aCallbackAddedOnceTheConnectionHasClosedRunsSoonAfter() throws Exception {
        CompletableFuture<Ran> ran = new CompletableFuture<>();
        serveOne(rt.machine(0), io -> {
            io.reset();
            assertThat(io.isOpen()).isFalse();
            io.onClose(() -> ran.complete(Ran.here()));
            assertThat(ran).as("not run inside the call").isNotDone();
        });
        assertThat(ran.get(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Ran(rt.machine(0), false));
    }

    @Test
    void aHalfCloseByThePeerIsNotAClose() throws Exception {
        CompletableFuture<Boolean> toldAtEndOfInput = new CompletableFuture<>();
        CompletableFuture<Boolean> toldAtClose = new CompletableFuture<>();
        AtomicReference<SocketAddress> at = new AtomicReference<>();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                at.set(l.localAddress());
                IoContext io = l.accept(T);
                boolean[] told = {false};
                io.onClose(() -> told[0] = true);
                assertThat(io.readSome(T)).as("the peer's end of output").isNull();
                toldAtEndOfInput.complete(told[0] || !io.isOpen());
                io.close();
                toldAtClose.complete(told[0]);
            }
        });
        try (Socket client = connect(NetTesting.awaitSet(at))) {
            client.shutdownOutput();
            assertThat(toldAtEndOfInput.get(T.toSeconds(), TimeUnit.SECONDS)).isFalse();
            server.join(T);
            assertThat(toldAtClose.get()).as("told by the close itself").isTrue();
        }
    }

    @Test
    void theCallbackFollowsAConnectionThatMovedToAnotherMachine() throws Exception {
        CompletableFuture<Ran> ran = new CompletableFuture<>();
        CompletableFuture<Void> moved = new CompletableFuture<>();
        AtomicReference<SocketAddress> at = new AtomicReference<>();
        SharedChannel<IoContext> handoff = new SharedChannel<>();
        rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                at.set(l.localAddress());
                IoContext io = l.accept(T);
                io.onClose(() -> ran.complete(Ran.here()));
                io.detach();
                handoff.write(io);
            }
        });
        Coroutine worker = rt.machine(1).spawn(() -> {
            IoContext io = handoff.read(T);
            io.attach();
            moved.complete(null);
            try (io) {
                io.readSome(T);
            } catch (io.machinarium.core.MachinariumException e) {
                // the reset
            }
        });
        try (Socket client = connect(NetTesting.awaitSet(at))) {
            moved.get(T.toSeconds(), TimeUnit.SECONDS);
            client.setSoLinger(true, 0);
        }
        assertThat(ran.get(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Ran(rt.machine(1), false));
        worker.join(T);
    }

    /** Accepts one connection on {@code m}, runs {@code body} with it, and connects a client to it. */
    private static void serveOne(Machine m, java.util.function.Consumer<IoContext> body) throws Exception {
        AtomicReference<SocketAddress> at = new AtomicReference<>();
        Coroutine server = m.spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                at.set(l.localAddress());
                try (IoContext io = l.accept(T)) {
                    body.accept(io);
                }
            }
        });
        try (Socket client = connect(NetTesting.awaitSet(at))) {
            server.join(T);
        }
    }

    private static Socket connect(SocketAddress at) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) at).getPort()), (int) T.toMillis());
        s.setSoTimeout((int) T.toMillis());
        return s;
    }
}
