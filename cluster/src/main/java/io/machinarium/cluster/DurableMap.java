package io.machinarium.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.time.Duration;
import java.util.List;

/**
 * Durable state of the cluster's actors, in a JetStream key-value bucket ({@link ClusterNode#durableMap}):
 * values survive the restart of any node (and of the NATS servers, on file storage). Writes can be made
 * conditional on the revision last read — {@link #update} — which is how an actor applies an operation at
 * most once: it writes the new state together with the operation's id, at the revision it read.
 *
 * <p>Thread safety: any thread. Every call is a round trip to JetStream: it blocks the caller — a coroutine
 * is suspended while the call runs on the offload pool; a plain thread blocks.
 *
 * @since 0.1.0
 */
public final class DurableMap {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final KeyValue kv;

    /**
     * A value and the revision it was written at.
     *
     * @param key the key
     * @param value the bytes
     * @param revision the revision to pass to {@link #update}
     * @since 0.1.0
     */
    public record Entry(String key, byte[] value, long revision) {
    }

    DurableMap(String name, KeyValue kv) {
        this.name = name;
        this.kv = kv;
    }

    /**
     * Reads a key.
     *
     * @param key the key (letters, digits, {@code -/_=.})
     * @return the entry, or null if the key has no value
     * @throws ClusterException if JetStream did not answer
     */
    public Entry get(String key) {
        KeyValueEntry e = Blocking.call("reading '" + key + "' of " + name, TIMEOUT, () -> kv.get(key));
        return e == null || e.getOperation() != KeyValueOperation.PUT ? null
                : new Entry(key, e.getValue(), e.getRevision());
    }

    /**
     * Writes a key only if it has no value.
     *
     * @param key the key
     * @param value the bytes
     * @return the new revision
     * @throws RevisionConflictException if the key has a value
     * @throws ClusterException if JetStream did not answer
     */
    public long create(String key, byte[] value) {
        return conditional("creating", key, () -> kv.create(key, value));
    }

    /**
     * Writes a key only if its revision is still {@code revision}.
     *
     * @param key the key
     * @param value the bytes
     * @param revision the revision read last
     * @return the new revision
     * @throws RevisionConflictException if someone wrote the key since
     * @throws ClusterException if JetStream did not answer
     */
    public long update(String key, byte[] value, long revision) {
        return conditional("updating", key, () -> kv.update(key, value, revision));
    }

    /**
     * Writes a key whatever it holds.
     *
     * @param key the key
     * @param value the bytes
     * @return the new revision
     * @throws ClusterException if JetStream did not answer
     */
    public long put(String key, byte[] value) {
        return Blocking.call("writing '" + key + "' of " + name, TIMEOUT, () -> kv.put(key, value));
    }

    /**
     * Removes a key's value.
     *
     * @param key the key
     * @throws ClusterException if JetStream did not answer
     */
    public void delete(String key) {
        Blocking.call("deleting '" + key + "' of " + name, TIMEOUT, () -> {
            kv.delete(key);
            return null;
        });
    }

    /**
     * The keys that have a value.
     *
     * @return them
     * @throws ClusterException if JetStream did not answer
     */
    public List<String> keys() {
        return Blocking.call("listing the keys of " + name, TIMEOUT, kv::keys);
    }

    private interface Write {
        long run() throws Exception;
    }

    private long conditional(String what, String key, Write write) {
        return Blocking.call(what + " '" + key + "' of " + name, TIMEOUT, () -> {
            try {
                return write.run();
            } catch (JetStreamApiException e) {
                throw new RevisionConflictException(what + " '" + key + "' of " + name + " lost a race: "
                        + e.getErrorDescription(), e);
            }
        });
    }

    @Override
    public String toString() {
        return "DurableMap[" + name + "]";
    }
}
