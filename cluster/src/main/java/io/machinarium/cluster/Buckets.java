package io.machinarium.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens a JetStream key-value bucket, making it if no node has: file storage, one value per key, as many
 * copies as {@link ClusterConfig#replicas()}. A JetStream cluster that has just started answers "temporarily
 * unavailable" until it has elected its leader; that answer is retried for up to the connect timeout.
 * Blocks the caller: call it off the machines.
 */
final class Buckets {
    private Buckets() {
    }

    static KeyValue open(NatsLink link, ClusterConfig config, String bucket)
            throws IOException, JetStreamApiException, InterruptedException {
        long deadline = System.nanoTime() + config.connectTimeout().toNanos();
        for (;;) {
            try {
                KeyValueManagement kvm = link.connection().keyValueManagement();
                if (!kvm.getBucketNames().contains(bucket)) {
                    try {
                        kvm.create(KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(1)
                                .replicas(config.replicas()).storageType(StorageType.File).build());
                    } catch (JetStreamApiException e) {
                        if (!kvm.getBucketNames().contains(bucket)) {
                            throw e;  // not a race with another node making it
                        }
                    }
                }
                return link.connection().keyValue(bucket);
            } catch (JetStreamApiException | IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(100_000_000L);  // JetStream is electing its leader: ask again shortly
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }
}
