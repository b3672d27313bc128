package io.machinarium.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test after which Netty's leak detector (run at PARANOID by the build) reports a leaked
 * buffer. Registered for every test through JUnit's extension auto-detection.
 */
public final class LeakDetection implements AfterEachCallback {
    private static final List<String> LEAKS = new ArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                      long maxActive) {
                return new Recording<>(resource, samplingInterval);
            }
        });
    }

    /** Forces collection and leak reporting, then returns and forgets what was reported. */
    public static List<String> collectLeaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
            // The detector reports queued leaks when the next buffer is tracked.
            for (int j = 0; j < 64; j++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(8);
                probe.release();
                ByteBuf unpooled = ByteBufAllocator.DEFAULT.heapBuffer(8);
                unpooled.release();
            }
        }
        synchronized (LEAKS) {
            List<String> out = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return out;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked Netty buffer(s) after "
                    + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    private static final class Recording<T> extends ResourceLeakDetector<T> {
        Recording(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            synchronized (LEAKS) {
                LEAKS.add("LEAK: " + resourceType + records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            synchronized (LEAKS) {
                LEAKS.add("LEAK: " + resourceType + " (no records)");
            }
        }
    }
}
