package io.machinarium.core;

import io.netty.util.concurrent.FastThreadLocalThread;

/** The thread of one machine; a {@link FastThreadLocalThread} so that Netty's thread-local caches are fast. */
final class MachineThread extends FastThreadLocalThread {
    final Scheduler scheduler;
    private volatile OsThreadState osState;

    MachineThread(Scheduler scheduler, String name) {
        super(null, scheduler::run, name);
        this.scheduler = scheduler;
        setDaemon(true);
    }

    @Override
    public void run() {
        osState = OsThreadState.ofCurrentThread();  // only the thread itself can find its own state file
        super.run();
    }

    /** The kernel's state letter of this thread (see {@link OsThreadState#state}), or 0 if unknown. */
    char osState() {
        OsThreadState s = osState;
        return s != null ? s.state() : 0;
    }
}
