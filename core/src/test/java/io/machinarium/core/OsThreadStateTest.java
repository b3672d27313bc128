package io.machinarium.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.machinarium.core.testing.Await;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The kernel's word on a thread, which lets the stall watchdog tell a machine preempted inside a native method
 * (waiting for a processor: {@code R}) from one blocked in a native call ({@code S}).
 */
class OsThreadStateTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void aThreadBlockedInANativeAcceptIsAsleepAndASpinningOneIsRunnable() throws Exception {
        assumeTrue(OsThreadState.ofCurrentThread() != null, "no /proc/thread-self here (not Linux): nothing to read");
        CompletableFuture<OsThreadState> blockedState = new CompletableFuture<>();
        CompletableFuture<OsThreadState> spinningState = new CompletableFuture<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread blocked = new Thread(() -> {
                blockedState.complete(OsThreadState.ofCurrentThread());
                try {
                    server.accept().close();  // a blocking native call: asleep in the kernel
                } catch (Exception e) {
                    // closed by the test
                }
            });
            Thread spinning = new Thread(() -> {
                spinningState.complete(OsThreadState.ofCurrentThread());
                while (!stop.get()) {
                    System.nanoTime();  // a native method, but running: on a processor or waiting for one
                }
            });
            blocked.start();
            spinning.start();
            OsThreadState b = blockedState.get();
            OsThreadState s = spinningState.get();
            Await.until(T, () -> b.state() == 'S', () -> "the blocked thread's state stayed " + b.state());
            Await.until(T, () -> s.state() == 'R', () -> "the spinning thread's state stayed " + s.state());
            stop.set(true);
            spinning.join();
            server.close();
            blocked.join();
        }
    }
}
