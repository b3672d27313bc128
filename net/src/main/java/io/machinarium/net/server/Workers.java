package io.machinarium.net.server;

import io.machinarium.core.Machine;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server's worker machines and the choice among them for a new connection: in turn, or the one serving the
 * fewest connections now (ties in turn) — each worker counts the connections it serves.
 *
 * <p>Thread: {@link #next} on the acceptor machine (every accept loop of a server runs there); the counts of a
 * {@link Worker} from any thread.
 */
final class Workers {
    private final Worker[] all;
    private final WorkerBalance balance;
    /** The next in turn; the acceptor machine only. */
    private int turn;

    Workers(List<Machine> machines, WorkerBalance balance) {
        this.all = machines.stream().map(Worker::new).toArray(Worker[]::new);
        this.balance = balance;
    }

    /** {@return the worker for the next connection} */
    Worker next() {
        int n = all.length;
        int start = turn;
        turn = start + 1 == n ? 0 : start + 1;
        Worker best = all[start];
        if (balance == WorkerBalance.LEAST_CONNECTIONS) {
            for (int i = 1; i < n && best.active() > 0; i++) {
                Worker w = all[(start + i) % n];
                if (w.active() < best.active()) {
                    best = w;
                }
            }
        }
        return best;
    }

    /** One worker machine and the connections it serves now. */
    static final class Worker {
        private final Machine machine;
        private final AtomicInteger active = new AtomicInteger();

        Worker(Machine machine) {
            this.machine = machine;
        }

        Machine machine() {
            return machine;
        }

        int active() {
            return active.get();
        }

        void opened() {
            active.incrementAndGet();
        }

        void closed() {
            active.decrementAndGet();
        }
    }
}
