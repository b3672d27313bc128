package io.machinarium.core;

/**
 * What a runtime does with a coroutine's failure that nobody else will see: the coroutine threw, nobody
 * was joining it when it ended, and no {@link Scope} will throw it (it belongs to none, or its scope's owner
 * ended or dropped the scope without joining it). Set one with
 * {@link MachinariumConfig.Builder#uncaughtFailureHandler}; the default, {@link #logging()}, logs the failure
 * at ERROR with the coroutine's name and stack.
 *
 * <pre>{@code
 * MachinariumConfig config = MachinariumConfig.builder()
 *         .uncaughtFailureHandler((coroutine, failure) -> metrics.count("uncaught", coroutine.name()))
 *         .build();
 * }</pre>
 *
 * <p>Not reported: a coroutine that ends by its own cancellation ({@link CancelledException} after
 * {@link Coroutine#cancel()}), and a failure a joiner or a scope's owner receives. A join that comes after
 * the report still throws the failure: the report says only that nobody was waiting for it.
 *
 * <p>Thread: called on the failed coroutine's machine thread, outside any coroutine — or, for the failed
 * child of a scope that its owner dropped without closing, on the thread that found the scope dropped (a
 * JVM cleaner thread). It must be quick and must not block; an exception it throws is printed to
 * {@code System.err} and otherwise ignored.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface UncaughtFailureHandler {
    /**
     * Handles one failure nobody will see otherwise; called once per such failure.
     *
     * @param coroutine the coroutine that failed (it has ended)
     * @param failure what its body threw
     */
    void uncaught(Coroutine coroutine, Throwable failure);

    /**
     * The default handler: logs the failure at ERROR through SLF4J (logger
     * {@code io.machinarium.core.UncaughtFailureHandler}) with the coroutine's name, its machine and the
     * failure's stack. When no SLF4J provider is on the class path (SLF4J falls back to its no-operation
     * logger, which would drop the line) it prints the same to {@code System.err} instead.
     *
     * @return the logging handler
     */
    static UncaughtFailureHandler logging() {
        return FailureLog.UNCAUGHT;
    }
}
