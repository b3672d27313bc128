package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * descriptors it holds stay usable; no new one can be made) and restores it at the end.
 */
class AcceptErrorTest {
    @Test
    void aListenerOutOfDescriptorsReportsOnceRetriesAndAcceptsOnceTheyAreBack() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")),
                "needs util-linux's prlimit to lower this JVM's descriptor limit");
        String[] limit = NoFile.read();
        Assumptions.assumeTrue(limit != null, "needs /proc/self/limits to know the descriptor limit");
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

    /**
     * This JVM's RLIMIT_NOFILE: read from /proc, and dropped to a soft limit of 0 — so that no descriptor can
     * be opened, whichever ones other threads free meanwhile — while a helper process started beforehand
     * waits to restore it (with no descriptor left, this JVM could not start a process itself).
     */
    private static final class NoFile implements AutoCloseable {
        private final Process restorer;

        private NoFile(Process restorer) {
            this.restorer = restorer;
        }

        /** @return {soft, hard} as prlimit spells them, or null if unknown */
        static String[] read() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return new String[] {f[0], f[1]};
                }
            }
            return null;
        }

        static NoFile none(String[] limit) throws IOException, InterruptedException {
            String pid = Long.toString(ProcessHandle.current().pid());
            String restore = "--nofile=" + limit[0] + ":" + limit[1];
            // restores on a line on its stdin, or by itself after a minute should this JVM not get to write it
            Process restorer = new ProcessBuilder("/bin/bash", "-c",
                    "read -t 60 line; exec /usr/bin/prlimit --pid " + pid + " " + restore)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Process drop = new ProcessBuilder("/usr/bin/prlimit", "--pid", pid, "--nofile=0:" + limit[1])
                    .inheritIO().start();
            if (!drop.waitFor(T.toSeconds(), TimeUnit.SECONDS) || drop.exitValue() != 0) {
                restorer.destroy();
                throw new AssertionError("prlimit --nofile=0 failed");
            }
            return new NoFile(restorer);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            restorer.getOutputStream().write('\n');
            restorer.getOutputStream().flush();
            if (!restorer.waitFor(2 * T.toSeconds(), TimeUnit.SECONDS) || restorer.exitValue() != 0) {
                throw new AssertionError("restoring the descriptor limit failed");
            }
            restorer.getOutputStream().close();
        }
    }
}
