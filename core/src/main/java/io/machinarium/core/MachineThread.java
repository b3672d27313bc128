package io.machinarium.core;

import io.netty.util.concurrent.FastThreadLocalThread;

/** The thread of one machine; a {@link FastThreadLocalThread} so that Netty's thread-local caches are fast. */
final class MachineThread extends FastThreadLocalThread {
    final Scheduler scheduler;

    MachineThread(Scheduler scheduler, String name) {
        super(null, scheduler::run, name);
        this.scheduler = scheduler;
        setDaemon(true);
    }
}
