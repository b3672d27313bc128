package io.machinarium.net.server;

import static io.machinarium.net.server.ServerTesting.T;
import static io.machinarium.net.server.ServerTesting.connect;
import static io.machinarium.net.server.ServerTesting.end;
import static io.machinarium.net.server.ServerTesting.loopback;
import static io.machinarium.net.server.ServerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's shutdown: it stops accepting at once, lets a slow connection finish within the grace, cancels
 * what is still open when the grace is over (and says how many), and returns within the grace plus
 * {@link Server#CANCEL_WAIT} even when a handler never ends. One connection's failure ends only that one.
 */
class ServerShutdownTest {
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    /** Echoes through a small array: a request arrives in parts and ends with the peer's half-close. */
    private static void slowRequests(IoContext io) {
        byte[] b = new byte[64];
        for (int n; (n = io.readSome(b, null)) > 0; ) {
            io.write(java.util.Arrays.copyOf(b, n));
        }
    }

    @Test
    void aSlowConnectionFinishesWithinTheGraceWhileNewConnectionsAreRefused() throws Exception {
        Server server = Server.builder("slow").acceptor(rt.machine(0)).workers(List.of(rt.machine(1)))
                .listen("tcp", loopback()).start(ServerShutdownTest::slowRequests);
        SocketAddress at = server.address();
        try (Socket slow = connect(at)) {
            assertThat(roundTrip(slow, "first half\n")).isEqualTo("first half\n");
            server.stopAccepting(T);  // what a shutdown does first; here on its own, so that probing cannot race it
            assertThat(ServerTesting.refuses(at)).as("the port once accepting has stopped").isTrue();
            CompletableFuture<DrainReport> shutdown = CompletableFuture.supplyAsync(() -> server.shutdown(T));
            assertThat(shutdown).as("the drain waits for the open connection").isNotDone();
            assertThat(server.active()).isEqualTo(1);
            assertThat(roundTrip(slow, "second half\n")).as("served on during the drain").isEqualTo("second half\n");
            slow.shutdownOutput();  // the request is complete: the handler returns
            assertThat(end(slow)).isEqualTo("eof");
            DrainReport r = shutdown.get(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).isEqualTo(new DrainReport(1, 0, 0));
            assertThat(r.clean()).isTrue();
            assertThat(r.finished()).isEqualTo(1);
        }
        assertThat(server.active()).isZero();
    }

    @Test
    void aConnectionStillOpenWhenTheGraceIsOverIsCancelledClosedAndCountedAsForced() throws Exception {
        Duration grace = Duration.ofMillis(300);
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        Server server = Server.builder("forced").acceptor(rt.machine(0)).workers(List.of(rt.machine(1)))
                .listen("tcp", loopback()).start(io -> {
                    try {
                        ServerTesting.echo(io);
                    } finally {
                        if (Coroutine.current().isCancelled()) {
                            cancelled.complete(true);  // the idle one; the other ends by itself, not cancelled
                        }
                    }
                });
        try (Socket idle = connect(server.address()); Socket done = connect(server.address())) {
            assertThat(roundTrip(idle, "then silence")).isEqualTo("then silence");
            assertThat(roundTrip(done, "and done")).isEqualTo("and done");
            done.shutdownOutput();
            assertThat(end(done)).isEqualTo("eof");
            Await.until(T, () -> server.active() == 1, () -> server.active() + " active");
            long start = System.nanoTime();
            DrainReport r = server.shutdown(grace);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r).isEqualTo(new DrainReport(1, 1, 0));
            assertThat(took).as("the grace was given").isGreaterThanOrEqualTo(grace);
            assertThat(cancelled.get(T.toSeconds(), TimeUnit.SECONDS)).as("the handler was cancelled").isTrue();
            assertThat(end(idle)).as("the forced connection").isIn("eof", "reset");
        }
    }

    @Test
    void aHandlerThatNeverEndsDoesNotHoldTheShutdownPastTheGraceAndTheCancelWait() throws Exception {
        Duration grace = Duration.ofMillis(200);
        AtomicBoolean release = new AtomicBoolean();
        CompletableFuture<Void> spinning = new CompletableFuture<>();
        Server server = Server.builder("stuck").acceptor(rt.machine(0)).workers(List.of(rt.machine(1)))
                .listen("tcp", loopback()).start(io -> {
                    spinning.complete(null);
                    while (!release.get()) {
                        Coroutine.yieldNow();  // never blocks, never checks its cancellation
                    }
                });
        try (Socket s = connect(server.address())) {
            spinning.get(T.toSeconds(), TimeUnit.SECONDS);
            long start = System.nanoTime();
            DrainReport r = server.shutdown(grace);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r).as("forced, and still running when the shutdown gave up").isEqualTo(new DrainReport(1, 1, 1));
            assertThat(took).as("it waited the grace and the cancel wait").isGreaterThanOrEqualTo(grace.plus(Server.CANCEL_WAIT));
            assertThat(server.active()).as("the handler still runs").isEqualTo(1);
        } finally {
            release.set(true);
        }
        Await.until(T, () -> server.active() == 0, () -> "the released handler did not end");
    }

    @Test
    void aHandlerThatFailsEndsOnlyItsOwnConnectionAndIsTold() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (Server server = Server.builder("fragile").acceptor(rt.machine(0)).workers(List.of(rt.machine(1)))
                .listen("tcp", loopback()).events(new ServerEvents() {
                    @Override
                    public void connectionFailed(SocketAddress peer, Throwable error) {
                        failures.add(error);
                    }
                }).start(io -> {
                    byte[] b = new byte[4];
                    int n = io.readSome(b, null);
                    if (new String(b, 0, n, StandardCharsets.UTF_8).equals("boom")) {
                        throw new IllegalStateException("a bug in one connection");
                    }
                    io.write(java.util.Arrays.copyOf(b, n));
                    ServerTesting.echo(io);
                });
             Socket good = connect(server.address())) {
            assertThat(roundTrip(good, "good")).isEqualTo("good");
            try (Socket bad = connect(server.address())) {
                bad.getOutputStream().write("boom".getBytes(StandardCharsets.UTF_8));
                assertThat(end(bad)).isIn("eof", "reset");
            }
            Await.until(T, () -> failures.size() == 1, () -> failures.toString());
            assertThat(failures.get(0)).isInstanceOf(IllegalStateException.class).hasMessage("a bug in one connection");
            ServerTesting.assertServes(good);
            try (Socket next = connect(server.address())) {
                assertThat(roundTrip(next, "next")).as("the server still accepts").isEqualTo("next");
            }
        }
    }

    @Test
    void aServerWithNoConnectionsShutsDownCleanlyAndItsPortIsClosed() {
        Server server = Server.builder("idle").acceptor(rt.machine(0)).listen("tcp", loopback())
                .start(ServerTesting::echo);
        DrainReport r = server.shutdown(T);
        assertThat(r).isEqualTo(new DrainReport(0, 0, 0));
        assertThat(ServerTesting.refuses(server.address())).isTrue();
        assertThat(server.shutdown(T)).as("a second shutdown reports the first").isEqualTo(r);
    }

    @Test
    void theConnectionsEndWithTheRuntimeWhenTheServerIsNeverShutDown() throws Exception {
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        Machinarium own = Runtimes.start(2);
        Server server = Server.builder("abandoned").acceptor(own.machine(0)).workers(List.of(own.machine(1)))
                .listen("tcp", loopback()).start(io -> {
                    try {
                        ServerTesting.echo(io);
                    } catch (CancelledException e) {
                        cancelled.complete(true);
                        throw e;
                    }
                });
        try (Socket s = connect(server.address())) {
            assertThat(roundTrip(s, "x")).isEqualTo("x");
            own.close();
            assertThat(cancelled.get(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(end(s)).isIn("eof", "reset");
        }
    }
}
