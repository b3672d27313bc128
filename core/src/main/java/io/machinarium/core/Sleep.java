package io.machinarium.core;

/**
 * {@link Coroutine#sleep}: a wait that only the coroutine's own timer ends (or its cancellation). It
 * arms the coroutine's reusable {@link WaitTimer} and allocates nothing.
 *
 * <p>Thread: the sleeping coroutine's.
 */
final class Sleep {
    /** What a sleeping coroutine waits on, as dumps show it. */
    private static final Object SLEEP = new Object() {
        @Override
        public String toString() {
            return "sleep";
        }
    };

    private Sleep() {
    }

    /**
     * Suspends the calling coroutine for at least {@code nanos}; zero or less yields.
     *
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws MisuseException if called outside a coroutine
     */
    static void nanos(long nanos) {
        Coroutine c = Coroutine.require("Coroutine.sleep");
        c.failIfCancelled("sleep");
        if (nanos <= 0) {
            c.yieldOnce();
            return;
        }
        long ticket = c.prepare(SLEEP);
        if (c.await(ticket, c.scheduler.clock.nanos() + nanos) == Blocker.Outcome.CANCELLED) {
            throw new CancelledException("sleep of coroutine '" + c.name() + "' was cancelled");
        }
    }
}
