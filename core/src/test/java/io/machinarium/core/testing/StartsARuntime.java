package io.machinarium.core.testing;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;

/**
 * A program for child JVMs of the start-up flag tests: starts a runtime, runs one coroutine, prints
 * {@code started} and exits 0, or dies of the start-up check's exception. It lives outside
 * {@code io.machinarium.core} so that it can run from the class path while core is on the module path.
 */
public final class StartsARuntime {
    private StartsARuntime() {
    }

    /**
     * Starts one machine and joins one coroutine on it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build())) {
            rt.machine(0).spawn(() -> { }).join();
        }
        System.out.println("started");
    }
}
