package io.machinarium.core.testing;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import java.time.Duration;

/** Small runtimes for tests. */
public final class Runtimes {
    private Runtimes() {
    }

    /** A runtime with {@code machines} machines and a short shutdown timeout. */
    public static Machinarium start(int machines) {
        return Machinarium.start(MachinariumConfig.builder().machines(machines).offloadThreads(4)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }
}
