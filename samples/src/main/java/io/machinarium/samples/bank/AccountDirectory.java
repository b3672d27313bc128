package io.machinarium.samples.bank;

import io.machinarium.cluster.ClusterNode;
import io.machinarium.cluster.DurableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which accounts of a cluster exist, so that an account whose node is down answers {@code 503} and one that
 * never existed {@code 404}: an account exists once some node has created its record in the store, and
 * records are never removed. A name seen registered, or found in the store once, is remembered, so that
 * deciding costs a round trip to the store only for a name never seen. Any thread; {@link #exists} may
 * block the calling coroutine for the store.
 */
final class AccountDirectory {
    private final ClusterNode cluster;
    private final DurableMap balances;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    AccountDirectory(ClusterNode cluster, DurableMap balances) {
        this.cluster = cluster;
        this.balances = balances;
    }

    /**
     * Whether an account exists.
     *
     * @param id an account id, well formed ({@link AccountRange#number} is not -1)
     * @return true if a node serves it now or the store holds its record
     * @throws io.machinarium.cluster.ClusterException if the store did not answer
     */
    boolean exists(String id) {
        if (known.contains(id)) {
            return true;
        }
        if (cluster.whereis(id) != null || balances.get(id) != null) {
            known.add(id);
            return true;
        }
        return false;
    }
}
