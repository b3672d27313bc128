package io.machinarium.cluster;

import static io.machinarium.cluster.TestMessages.Cmd;
import static io.machinarium.cluster.TestMessages.Echo;
import static io.machinarium.cluster.TestMessages.Forward;
import static io.machinarium.cluster.TestMessages.Say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The default codec: registered records and sealed interfaces cross as JSON, references as text, nothing else. */
class CodecsTest {
    /** A reference that is only an address, as a stand-in for the real ones. */
    record FakeRef<M>(ActorAddress address) implements ActorRef<M> {
        @Override
        public void tell(M message) {
        }

        @Override
        public <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout) {
            return null;
        }

        @Override
        public String name() {
            return address.toString();
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public void stop() {
        }

        @Override
        public ExitReason awaitExit(Duration timeout) {
            return null;
        }

        @Override
        public void signal(ActorSignal signal) {
        }
    }

    private final Map<String, ActorRef<?>> refs = new HashMap<>();
    private final ActorRefCodec refCodec = new ActorRefCodec() {
        @Override
        public String write(ActorRef<?> ref) {
            String t = "a:" + ref.address();
            refs.put(t, ref);
            return t;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <M> ActorRef<M> read(String text) {
            ActorRef<?> r = refs.get(text);
            if (r == null) {
                throw new IllegalArgumentException("unknown reference " + text);
            }
            return (ActorRef<M>) r;
        }
    };
    private final Codecs codecs = new Codecs(ClusterConfig.builder("c", "n").messageTypes(Cmd.class).build(), refCodec);

    private Object roundTrip(Object m) {
        Codecs.Encoded e = codecs.encode(m);
        return codecs.decode(e.type(), e.data());
    }

    @Test
    void aRecordOfARegisteredSealedInterfaceCrossesWithItsReferences() {
        FakeRef<String> replyTo = new FakeRef<>(new ActorAddress("n", 7));
        assertThat(roundTrip(new Echo("hi", replyTo))).isEqualTo(new Echo("hi", replyTo));
        assertThat(roundTrip(new Say("plain"))).isEqualTo(new Say("plain"));
    }

    @Test
    void aSealedInterfaceAsAFieldTypeKeepsItsRecord() {
        FakeRef<Cmd> to = new FakeRef<>(new ActorAddress("n", 3));
        Forward f = new Forward(to, new Say("inner"));
        assertThat(roundTrip(f)).isEqualTo(f);
    }

    @Test
    void builtInTypesAndServerEnvelopesCross() {
        assertThat(roundTrip("text")).isEqualTo("text");
        assertThat(roundTrip(42L)).isEqualTo(42L);
        assertThat((byte[]) roundTrip(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        FakeRef<Object> r = new FakeRef<>(new ActorAddress("n", 9));
        assertThat(roundTrip(new ServerMessage.Call(new Say("req"), r))).isEqualTo(new ServerMessage.Call(new Say("req"), r));
        assertThat(roundTrip(new ServerMessage.Cast(5))).isEqualTo(new ServerMessage.Cast(5));
    }

    @Test
    void anUnregisteredTypeFailsItsSenderClearly() {
        record Unknown(int x) {
        }
        assertThatThrownBy(() -> codecs.encode(new Unknown(1))).isInstanceOf(MessageEncodingException.class)
                .hasMessageContaining("register it");
        assertThatThrownBy(() -> codecs.encode(new Object())).isInstanceOf(MessageEncodingException.class);
    }

    @Test
    void bytesThatAreNotTheNamedTypeOrAnUnknownTypeAreRefusedOnArrival() {
        assertThatThrownBy(() -> codecs.decode(Say.class.getName(), "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are not a");
        assertThatThrownBy(() -> codecs.decode("java.lang.ProcessBuilder", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> codecs.decode("mc:call", new byte[] {0, 5}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCodecOfItsOwnServesExactlyItsType() {
        record Point(int x, int y) {
        }
        MessageCodec<Point> binary = new MessageCodec<>() {
            @Override
            public Class<Point> type() {
                return Point.class;
            }

            @Override
            public byte[] encode(Point p, ActorRefCodec refs) {
                return new byte[] {(byte) p.x(), (byte) p.y()};
            }

            @Override
            public Point decode(byte[] data, ActorRefCodec refs) {
                return new Point(data[0], data[1]);
            }
        };
        Codecs own = new Codecs(ClusterConfig.builder("c", "n").codec(binary).build(), refCodec);
        Codecs.Encoded e = own.encode(new Point(3, 4));
        assertThat(e.data()).containsExactly(3, 4);
        assertThat(own.decode(e.type(), e.data())).isEqualTo(new Point(3, 4));
    }

    @Test
    void aRegisteredTypeCrossesAsItsShortTagAndItsFullNameIsReadToo() {
        Codecs.Encoded e = codecs.encode(new Say("tagged"));
        assertThat(e.type()).isEqualTo(Codecs.tag(Say.class.getName())).startsWith("~").hasSize(12);
        assertThat(e.type().length()).isLessThan(Say.class.getName().length());
        assertThat(codecs.decode(e.type(), e.data())).isEqualTo(new Say("tagged"));
        assertThat(codecs.decode(Say.class.getName(), e.data())).isEqualTo(new Say("tagged"));
        // another node registering the same types computes the same tags
        Codecs other = new Codecs(ClusterConfig.builder("c", "m").messageTypes(Cmd.class).build(), refCodec);
        assertThat(other.decode(e.type(), e.data())).isEqualTo(new Say("tagged"));
        assertThat(Codecs.tag(Say.class.getName())).isNotEqualTo(Codecs.tag(Echo.class.getName()));
    }

    @Test
    void aTagThisNodeHasNotRegisteredIsRefusedNamingIt() {
        record Elsewhere(int x) {
        }
        String tag = Codecs.tag(Elsewhere.class.getName());
        assertThatThrownBy(() -> codecs.decode(tag, "{\"x\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag '" + tag + "'")
                .hasMessageContaining("not registered");
    }

    @Test
    void typesWhoseTagsCollideCrossByName() {
        Map<Class<?>, String> names = Codecs.wireNames(java.util.List.of(Say.class, Echo.class, String.class),
                n -> n.equals(String.class.getName()) ? "~own" : "~same");
        assertThat(names).containsEntry(Say.class, Say.class.getName()).containsEntry(Echo.class, Echo.class.getName())
                .containsEntry(String.class, "~own");
    }
}
