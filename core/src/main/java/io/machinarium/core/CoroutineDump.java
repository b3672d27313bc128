package io.machinarium.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coroutine dump taken in slices, so that a diagnostic never stalls a machine: each machine takes the
 * stacks of at most {@link #SLICE} of its coroutines at a time, in a short coroutine of its own, and the
 * next slice is asked for only once the caller has the previous one. Between two slices the machine runs
 * a whole scheduler pass — every coroutine that was ready runs, IO is polled — because the next slice's
 * coroutine queues behind them. At most {@link DumpLimits#maxCoroutinesPerMachine()} coroutines of a
 * machine are listed (the oldest first) and the rest only counted; at most
 * {@link DumpLimits#maxFrames()} frames of a stack are read.
 *
 * <p>Thread: {@link #take} on the caller's thread or coroutine, which waits for each slice (and may
 * itself run on one of the machines); each {@link Part} only on its machine.
 */
final class CoroutineDump {
    /** Coroutines per slice: a few milliseconds of stack walks at most, measured at 10–50 µs a stack. */
    static final int SLICE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(CoroutineDump.class);

    /** Receives the dump as it comes, on the caller's thread. */
    interface Sink {
        /** One slice's entries (or the entry standing for a machine that did not answer); never empty. */
        void entries(List<CoroutineInfo> entries);

        /** The coroutines of {@code machine} left out by the limit, after its last slice. */
        void omitted(Machine machine, int count);
    }

    private CoroutineDump() {
    }

    /**
     * Dumps every machine in turn.
     *
     * @param timeout how long to wait for each slice; a machine that does not answer in time is listed as
     *     one entry with its thread's stack, and the dump goes on with the next machine
     * @throws CancelledException if the caller is cancelled while waiting
     */
    static void take(List<Machine> machines, Duration timeout, DumpLimits limits, Sink sink) {
        for (Machine m : machines) {
            if (!m.isTerminated()) {
                takeMachine(m, timeout, limits, sink);
            }
        }
    }

    private static void takeMachine(Machine m, Duration timeout, DumpLimits limits, Sink sink) {
        Part part = new Part(m, limits);
        for (;;) {
            Completion<Slice> answer = new Completion<>();
            try {
                m.spawn("coroutine dump", () -> part.next(answer));
            } catch (RejectedException e) {
                return;  // the machine is stopping: its coroutines are ending
            }
            Blocker.Outcome o = answer.await(Blocker.deadline(timeout), "dump of machine " + m.name());
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException("coroutine dump was cancelled");
            }
            if (o != Blocker.Outcome.WOKEN || answer.failure() != null) {
                if (answer.failure() != null) {
                    LOG.warn("machine '{}' could not list its coroutines", m.name(), answer.failure());
                }
                if (!m.isTerminated()) {
                    sink.entries(List.of(new CoroutineInfo(-1, "(machine busy: no answer within " + timeout + ")",
                            m.name(), CoroutineState.RUNNING, null, List.of(m.scheduler.thread.getStackTrace()))));
                }
                return;
            }
            Slice s = answer.value();
            if (!s.entries.isEmpty()) {
                sink.entries(s.entries);
            }
            if (s.last) {
                if (s.omitted > 0) {
                    sink.omitted(m, s.omitted);
                }
                return;
            }
        }
    }

    /** What one slice found. */
    private record Slice(List<CoroutineInfo> entries, boolean last, int omitted) {
    }

    /** One machine's part of a dump: the coroutines picked for it and how far the slices have come. */
    private static final class Part {
        private final Machine machine;
        private final DumpLimits limits;
        // machine thread only (each slice's coroutine sees the previous one's writes through the inbox)
        private Coroutine[] picked;
        private int next;
        private int omitted;

        Part(Machine machine, DumpLimits limits) {
            this.machine = machine;
            this.limits = limits;
        }

        /** Runs in a coroutine on the machine: takes the next slice and hands it to the caller. */
        void next(Completion<Slice> answer) {
            try {
                answer.complete(slice());
            } catch (Throwable t) {
                answer.fail(t);
            }
        }

        private Slice slice() {
            if (picked == null) {
                pick();
            }
            int end = Math.min(picked.length, next + SLICE);
            List<CoroutineInfo> out = new ArrayList<>(end - next);
            for (; next < end; next++) {
                Coroutine c = picked[next];
                picked[next] = null;  // a coroutine that ends during the dump can be collected
                if (c.runState != Coroutine.S_DONE) {
                    out.add(info(c));
                }
            }
            return new Slice(out, next == picked.length, omitted);
        }

        /** Picks the coroutines to list, oldest first: a walk of the alive list with no stack taken. */
        private void pick() {
            Scheduler s = machine.scheduler;
            Coroutine self = Coroutine.current();
            int others = s.aliveCount() - 1;
            int n = Math.min(others, limits.maxCoroutinesPerMachine());
            picked = new Coroutine[n];
            int i = 0;
            for (Coroutine c = s.oldestAlive(); c != null && i < n; c = c.nextAlive) {
                if (c != self) {
                    picked[i++] = c;
                }
            }
            if (i < n) {
                picked = java.util.Arrays.copyOf(picked, i);
            }
            omitted = others - n;
        }

        private CoroutineInfo info(Coroutine c) {
            List<StackTraceElement> stack = List.of();
            boolean cut = false;
            if (c.runState != Coroutine.S_NEW && c.runState != Coroutine.S_RUNNING) {
                try {
                    stack = c.cont.stack(limits.maxFrames());
                    if (stack.size() > limits.maxFrames()) {
                        stack = stack.subList(0, limits.maxFrames());
                        cut = true;
                    }
                } catch (RuntimeException e) {
                    LOG.debug("no stack for coroutine {}", c.name(), e);
                }
            }
            Coroutine parent = c.parent();
            return new CoroutineInfo(c.id(), c.name(), machine.name(), c.state(), c.waitingOn(), stack, cut,
                    parent == null ? 0 : parent.id());
        }
    }
}
