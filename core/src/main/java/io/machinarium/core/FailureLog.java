package io.machinarium.core;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The default {@link UncaughtFailureHandler}, and the one place that reports a failure of the reporting
 * itself. Without an SLF4J provider, SLF4J binds its no-operation logger and every line vanishes, so a
 * failure nobody joined would leave no trace at all: then it goes to {@code System.err}, which a program
 * without logging still shows.
 */
final class FailureLog implements UncaughtFailureHandler {
    static final FailureLog UNCAUGHT = new FailureLog();
    private static final Logger LOG = LoggerFactory.getLogger(UncaughtFailureHandler.class);

    private FailureLog() {
    }

    @Override
    public void uncaught(Coroutine coroutine, Throwable failure) {
        String line = "coroutine '" + coroutine.name() + "' on machine '" + coroutine.machine().name()
                + "' failed and nobody joined it: " + failure;
        if (loggingIsOff()) {
            printToStderr(line, failure);
        } else {
            LOG.error(line, failure);
        }
    }

    /** Whether SLF4J has no provider (or the no-operation one), so that its lines go nowhere. */
    static boolean loggingIsOff() {
        return LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory;
    }

    /** Hands a failure to the runtime's handler; a handler that throws is reported on stderr, never rethrown. */
    static void report(UncaughtFailureHandler handler, Coroutine coroutine, Throwable failure) {
        try {
            handler.uncaught(coroutine, failure);
        } catch (Throwable t) {
            t.addSuppressed(failure);
            printToStderr("the uncaught-failure handler " + handler + " failed on the failure of coroutine '"
                    + coroutine.name() + "'", t);
        }
    }

    private static void printToStderr(String line, Throwable failure) {
        PrintStream err = System.err;
        synchronized (err) {  // one report stays in one piece when machines fail at once
            err.println("machinarium: " + line);
            failure.printStackTrace(err);
        }
    }

    @Override
    public String toString() {
        return "UncaughtFailureHandler.logging()";
    }
}
