package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.testing.NoFile;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real EMFILE in the listener: the process runs out of descriptors while a client connects. The accept
 * error is reported once, counted on every retry, and once descriptors are free again the listener accepts
 * the waiting client and serves it — the error is not sticky.
 *
 * <p>The test drops this JVM's own soft RLIMIT_NOFILE to 0 with {@code prlimit --pid} for the while (the
 * descriptors it holds stay usable; no new one can be made) and restores it at the end ({@link NoFile}).
 */
class AcceptErrorTest {
    @Test
    void aListenerOutOfDescriptorsReportsOnceRetriesAndAcceptsOnceTheyAreBack() throws Exception {
        String unavailable = NoFile.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        String[] limit = NoFile.read();
        try (Machinarium rt = Runtimes.start(1)) {
            CompletableFuture<Listener> bound = new CompletableFuture<>();
            List<IoFailedException> reported = new CopyOnWriteArrayList<>();
            AtomicInteger echoed = new AtomicInteger();
            Coroutine server = rt.machine(0).spawn(() -> {
                try (Listener l = Listener.bind(loopback())) {
                    bound.complete(l);
                    for (;;) {
                        IoContext io;
                        try {
                            io = l.accept(null);
                        } catch (IoFailedException e) {
                            reported.add(e);
                            continue;
                        }
                        NetTesting.echo(io);
                        echoed.incrementAndGet();
                    }
                } catch (io.machinarium.core.CancelledException e) {
                    // the test is over
                }
            });
            Listener listener = bound.get(T.toSeconds(), TimeUnit.SECONDS);
            SocketAddress address = listener.localAddress();
            SocketChannel client = SocketChannel.open();  // its descriptor exists before the limit bites
            warmUp(rt);
            boolean retried;
            int reportedWhileOut;
            try (NoFile drought = NoFile.none(limit)) {
                // No new descriptor for anyone in this JVM: nothing here may open a file, not even a class file.
                client.connect(address);  // the kernel completes it; accepting it needs a descriptor
                retried = Await.holdsWithin(T, () -> listener.acceptErrors() >= 3);
                reportedWhileOut = reported.size();
            }
            assertThat(retried).as("the listener retried (" + listener.acceptErrors() + " accept errors)").isTrue();
            assertThat(reportedWhileOut).as("a run of accept errors is reported to one accept call").isEqualTo(1);
            assertThat(reported.get(0)).hasMessageContaining("accept on").hasRootCauseInstanceOf(IOException.class);
            assertThat(reported.get(0).getCause()).hasMessageContaining("Too many open files");
            try (client) {
                client.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer back = ByteBuffer.allocate(1);
                assertThat(client.read(back)).as("the listener accepted the waiting client after all").isEqualTo(1);
                assertThat(back.get(0)).isEqualTo((byte) 42);
            }
            Await.until(T, () -> echoed.get() == 1, () -> "the echo did not end");
            assertThat(reported).as("nothing more was reported once descriptors were back").hasSize(1);
            server.cancel();
            server.join(T);
        }
    }

    /**
     * Loads, before descriptors run out, the classes that the window without descriptors uses: the test's
     * and the accept-error path's (from class directories, which need a descriptor to read).
     */
    private static void warmUp(Machinarium rt) throws Exception {
        Await.until(T, () -> true, () -> "");
        new IoFailedException("warm-up", new IOException("warm-up")).getMessage();
        NettyWaits.failure("warm-up", new IOException("warm-up"));
        CompletableFuture<Void> ran = new CompletableFuture<>();
        rt.machine(0).schedule(java.time.Duration.ZERO, () -> ran.complete(null));
        ran.get(T.toSeconds(), TimeUnit.SECONDS);
    }
}
