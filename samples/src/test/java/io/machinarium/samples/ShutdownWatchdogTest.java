package io.machinarium.samples;

import static io.machinarium.samples.Clients.T;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownWatchdogTest {
    @Test
    void aShutdownStillRunningAtItsDeadlineIsSaidInOneLineAndForced() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        CompletableFuture<Long> forcedAt = new CompletableFuture<>();
        long deadline = System.nanoTime() + Duration.ofMillis(50).toNanos();
        ShutdownWatchdog w = ShutdownWatchdog.arm(deadline, "echo: forcing the exit", said::add,
                () -> forcedAt.complete(System.nanoTime()));
        long at = forcedAt.get(T.toSeconds(), TimeUnit.SECONDS);
        assertThat(at - deadline).as("forced once the deadline passed, not before").isNotNegative();
        assertThat(said).containsExactly("echo: forcing the exit");
        assertThat(w.join(T)).isTrue();
    }

    @Test
    void aDisarmedWatchdogSaysAndForcesNothing() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> forced = new CompletableFuture<>();
        ShutdownWatchdog w = ShutdownWatchdog.arm(System.nanoTime() + Duration.ofHours(1).toNanos(), "forcing",
                said::add, () -> forced.complete(null));
        w.disarm();
        assertThat(w.join(T)).as("the watchdog's thread ends when disarmed").isTrue();
        assertThat(said).isEmpty();
        assertThat(forced).isNotDone();
    }
}
