package io.machinarium.core;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ManualIoEventLoop;

/**
 * The Netty event loop of one machine, driven by the machine's own thread between scheduler passes.
 * It refuses to block in epoll while the machine's inbox holds work: together with the "parked" flag
 * that senders check, no wake-up is lost and a busy machine is never woken needlessly.
 */
final class MachineEventLoop extends ManualIoEventLoop {
    private final Scheduler scheduler;

    MachineEventLoop(Scheduler scheduler, Thread owner, IoHandlerFactory factory) {
        super(null, owner, factory);
        this.scheduler = scheduler;
    }

    @Override
    protected boolean canBlock() {
        return scheduler.inbox.isEmpty();
    }
}
