package io.machinarium.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {
    @Test
    void aBufferThatIsNeverReleasedIsReported() {
        leakOne();
        assertThat(LeakDetection.collectLeaks()).anySatisfy(l -> assertThat(l).contains("LEAK"));
    }

    @Test
    void releasedBuffersAreNotReported() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
        b.writeInt(1);
        b.release();
        assertThat(LeakDetection.collectLeaks()).isEmpty();
    }

    private static void leakOne() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
        b.writeLong(42);
    }
}
