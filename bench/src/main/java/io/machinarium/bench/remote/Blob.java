package io.machinarium.bench.remote;

/**
 * The payload message of the {@code remote} scenario, for ours and for Pekko alike: a record holding the
 * 64 bytes of {@link Workload#payload()}. Both sides write it as those bytes and nothing else (ours with
 * {@link ClusterMessages#BLOB}, Pekko with {@link PekkoBlobSerializer}), so the rows compare the transports
 * and the actors, not a serialization library.
 *
 * @param bytes the payload; not copied
 */
public record Blob(byte[] bytes) {
}
