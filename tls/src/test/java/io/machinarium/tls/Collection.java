package io.machinarium.tls;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits until objects are garbage collected — and, for an object with a finalizer (Netty's OpenSSL
 * contexts have one), until its finalizer has run: the JVM enqueues a phantom reference only once the
 * object is unreachable after finalization.
 */
final class Collection {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final List<PhantomReference<Object>> pending = new ArrayList<>();

    /** Starts watching {@code o}; drop every other reference to it before {@link #await}. */
    void watch(Object o) {
        pending.add(new PhantomReference<>(o, queue));
    }

    /** Runs the collector until every watched object is collected; fails if one is not within {@code timeout}. */
    void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(pending.size() + " watched objects were not collected within " + timeout
                        + ": something still holds them");
            }
            System.gc();
            for (var r = queue.remove(100); r != null; r = queue.poll()) {
                pending.remove(r);
            }
        }
    }
}
