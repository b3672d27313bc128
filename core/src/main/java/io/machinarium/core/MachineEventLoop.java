package io.machinarium.core;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ManualIoEventLoop;

/**
 * The Netty event loop of one machine, driven by the machine's own thread between scheduler passes.
 * It refuses to block in epoll while the machine's inbox holds work: together with the "parked" flag
 * that senders check, no wake-up is lost and a busy machine is never woken needlessly.
 *
 * <p>Its IO handler is wrapped in an {@link IoWaitMarker}, so the stall watchdog can tell a machine
 * blocked in epoll (idle) from one held inside Netty by a channel handler or an event-loop task. (The
 * wrapper means {@code isIoType(EpollIoHandler.class)} answers false; {@code isCompatible}, which
 * channels use, answers as the real handler does.)
 */
final class MachineEventLoop extends ManualIoEventLoop {
    private final Scheduler scheduler;
    private final IoWaitMarker ioWait;

    MachineEventLoop(Scheduler scheduler, Thread owner, IoHandlerFactory factory) {
        this(scheduler, owner, factory, new IoWaitMarker[1]);
    }

    private MachineEventLoop(Scheduler scheduler, Thread owner, IoHandlerFactory factory, IoWaitMarker[] made) {
        super(null, owner, IoWaitMarker.wrap(factory, m -> made[0] = m));  // the super constructor makes the handler
        this.scheduler = scheduler;
        this.ioWait = made[0];
    }

    /** Whether the machine thread is blocked in its IO wait now: idle, not held (a racy read). */
    boolean isWaitingForIo() {
        return ioWait.isWaiting();
    }

    @Override
    protected boolean canBlock() {
        return scheduler.inbox.isEmpty();
    }
}
