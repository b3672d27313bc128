package io.machinarium.cluster;

import io.machinarium.core.Coroutine;
import io.machinarium.core.OffloadFailedException;
import io.machinarium.core.Offload;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Runs a blocking jnats call (a JetStream request: the registry, durable state) without blocking a machine:
 * from a coroutine it goes to the runtime's offload pool while the coroutine suspends; a plain thread makes
 * it itself.
 */
final class Blocking {
    private Blocking() {
    }

    /**
     * Runs {@code call}, unwrapping its failure.
     *
     * @throws ClusterException with the call's failure as the cause, if it threw
     */
    static <T> T call(String what, Duration timeout, Callable<T> call) {
        try {
            if (Coroutine.current() != null) {
                return Offload.call(call, timeout);
            }
            return call.call();
        } catch (OffloadFailedException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r && !(c instanceof IllegalStateException)) {
                throw r;
            }
            throw new ClusterException(what + " failed: " + c, c);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(what + " was interrupted", e);
        } catch (Exception e) {
            throw new ClusterException(what + " failed: " + e, e);
        }
    }
}
