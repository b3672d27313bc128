package io.machinarium.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The binary frame prefix: what is written reads back; anything else is refused, never misread. */
class FramesTest {
    @Test
    void aFrameReadsBackAsWritten() {
        byte[] payload = {1, 2, 3, 4};
        Frames.Frame f = Frames.decode(Frames.encode(Frames.DOWN, 1L << 40, 7, "a.Type", "a:n/5", "node-é", payload));
        assertThat(f.kind()).isEqualTo(Frames.DOWN);
        assertThat(f.to()).isEqualTo(1L << 40);
        assertThat(f.watch()).isEqualTo(7);
        assertThat(f.type()).isEqualTo("a.Type");
        assertThat(f.from()).isEqualTo("a:n/5");
        assertThat(f.node()).isEqualTo("node-é");
        assertThat(f.payloadCopy()).containsExactly(payload);
        Frames.Frame none = Frames.decode(Frames.encode(Frames.MESSAGE, -1, -1, null, null, "n", new byte[0]));
        assertThat(none.to()).isEqualTo(-1);
        assertThat(none.watch()).isEqualTo(-1);
        assertThat(none.from()).isNull();
        assertThat(none.payloadLength()).isZero();
    }

    @Test
    void recurringStringsReadBackAsWrittenWhateverElseWasReadBetween() {
        // Types and node names are read through a cache of one string per slot: many spellings, some of
        // them sharing slots, each re-read after the others, must each come back as written.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2_000; i++) {
                String type = "t.Type" + i;
                String node = "n" + (i % 37) + (i % 2 == 0 ? "é" : "");
                byte[] frame = Frames.encode(Frames.MESSAGE, i, -1, type, null, node, new byte[] {(byte) i});
                assertThat(frame.length).isEqualTo(Frames.decode(frame).payload() + 1);  // sized exactly
                Frames.Frame f = Frames.decode(frame);
                assertThat(f.type()).isEqualTo(type);
                assertThat(f.node()).isEqualTo(node);
                assertThat(f.to()).isEqualTo(i);
            }
        }
        String longType = "x".repeat(300);
        assertThat(Frames.decode(Frames.encode(Frames.MESSAGE, 1, -1, longType, null, "n", new byte[0])).type())
                .isEqualTo(longType);
    }

    @Test
    void bytesThatAreNotAFrameAreRefused() {
        assertThatThrownBy(() -> Frames.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.decode("{json}".getBytes())).isInstanceOf(IllegalArgumentException.class);
        byte[] good = Frames.encode(Frames.MESSAGE, 3, -1, "t", null, "n", new byte[] {9});
        for (int cut = 2; cut < good.length - 1; cut++) {
            byte[] shorter = java.util.Arrays.copyOf(good, cut);
            try {
                Frames.Frame f = Frames.decode(shorter);
                assertThat(f.payload()).isLessThanOrEqualTo(shorter.length);  // a shorter payload, never a misread prefix
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageContaining("frame");
            }
        }
        Random r = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[r.nextInt(40)];
            r.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = Frames.VERSION;
            }
            try {
                Frames.decode(junk);
            } catch (IllegalArgumentException e) {
                // refused: fine
            }
        }
    }
}
