package io.machinarium.core.testing;

import java.time.Duration;

/**
 * The bounds every test waits with. Each is how long something that must happen may take at most on a
 * loaded two-core CI host, never how long it took once: a test that waits for a condition returns as soon
 * as it holds, so a generous bound costs nothing on success and only delays the report of a real failure.
 */
public final class Timeouts {
    /**
     * How long a test waits at most for something that must happen: a coroutine to end, a message to
     * arrive, a connection to be served, a state to be reached.
     */
    public static final Duration T = Duration.ofSeconds(20);

    /**
     * How long a test waits at most for a bulk workload (a stress test's million hand-offs, ten thousand
     * connections) to finish.
     */
    public static final Duration LONG = Duration.ofSeconds(120);

    private Timeouts() {
    }
}
