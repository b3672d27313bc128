package io.machinarium.samples;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * What a test can see of the memory that buffers hold: Netty's allocators (the default one, which the
 * channels use, and the pooled one, if it is another), the direct memory Netty counts itself, and the
 * JDK's direct buffers.
 */
public final class NettyMemory {
    private NettyMemory() {
    }

    /**
     * The bytes held by Netty's allocators, direct and heap: the memory the connections' buffers take,
     * chunks cached for reuse included.
     *
     * @return the bytes
     */
    public static long used() {
        long n = used(ByteBufAllocator.DEFAULT);
        if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT) {
            n += used(PooledByteBufAllocator.DEFAULT);
        }
        return n;
    }

    private static long used(ByteBufAllocator a) {
        if (a instanceof ByteBufAllocatorMetricProvider p) {
            ByteBufAllocatorMetric m = p.metric();
            return m.usedDirectMemory() + m.usedHeapMemory();
        }
        return 0;
    }

    /**
     * Direct memory outside the allocators' own count: Netty's counter (when it allocates without a
     * cleaner) and the JDK's direct buffer pool.
     *
     * @return the bytes
     */
    public static long otherDirect() {
        long n = Math.max(0, PlatformDependent.usedDirectMemory());
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                n += b.getMemoryUsed();
            }
        }
        return n;
    }
}
