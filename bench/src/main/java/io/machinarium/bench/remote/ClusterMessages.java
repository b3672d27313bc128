package io.machinarium.bench.remote;

import io.machinarium.actors.ActorRef;
import io.machinarium.cluster.ActorRefCodec;
import io.machinarium.cluster.ClusterConfig;
import io.machinarium.cluster.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What ours sends between the two node JVMs of the {@code remote} scenario, and how it crosses: the
 * payload ({@link Blob}) and the request of a round trip ({@link Ping}) as their bytes with a codec of
 * their own — the same bytes Pekko's side writes — and the once-a-run {@link Start} with the default
 * (Jackson) codec. Acknowledgements are {@code Long}s, a built-in type.
 */
final class ClusterMessages {
    static final String CLUSTER = "bench";
    static final String ECHO = "echo";
    static final String SINK = "sink";

    private ClusterMessages() {
    }

    /**
     * Announces a throughput run.
     *
     * @param acks where B sends its acknowledgements (counts so far)
     * @param total how many payloads follow
     */
    record Start(ActorRef<Long> acks, long total) {
    }

    /**
     * The request of a round trip: the payload, and where to send it back.
     *
     * @param bytes the payload
     * @param replyTo the asker's reply reference
     */
    record Ping(byte[] bytes, ActorRef<Blob> replyTo) {
    }

    /** {@link Blob} as its 64 bytes. */
    static final MessageCodec<Blob> BLOB = new MessageCodec<>() {
        @Override
        public Class<Blob> type() {
            return Blob.class;
        }

        @Override
        public byte[] encode(Blob message, ActorRefCodec refs) {
            return message.bytes();
        }

        @Override
        public Blob decode(byte[] data, ActorRefCodec refs) {
            return new Blob(data);
        }
    };

    /** {@link Ping} as the length of its reply reference's text, that text, then the payload. */
    static final MessageCodec<Ping> PING = new MessageCodec<>() {
        @Override
        public Class<Ping> type() {
            return Ping.class;
        }

        @Override
        public byte[] encode(Ping message, ActorRefCodec refs) {
            byte[] ref = refs.write(message.replyTo()).getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(2 + ref.length + message.bytes().length).putShort((short) ref.length).put(ref)
                    .put(message.bytes()).array();
        }

        @Override
        public Ping decode(byte[] data, ActorRefCodec refs) {
            int n = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
            if (2 + n > data.length) {
                throw new IllegalArgumentException("a Ping of " + data.length + " bytes names a reference of " + n);
            }
            ActorRef<Blob> replyTo = refs.read(new String(data, 2, n, StandardCharsets.UTF_8));
            return new Ping(Arrays.copyOfRange(data, 2 + n, data.length), replyTo);
        }
    };

    /**
     * The configuration of a node of the scenario: the default failure detector and every other default,
     * the two codecs above.
     *
     * @param node "a" or "b"
     * @param url the nats-server's URL
     * @return the configuration
     */
    static ClusterConfig config(String node, String url) {
        return ClusterConfig.builder(CLUSTER, node).servers(url).messageTypes(Start.class).codec(BLOB).codec(PING)
                .build();
    }
}
