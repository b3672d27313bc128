package io.machinarium.core;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;

/**
 * Which Netty IO handler drives a machine's event loop.
 *
 * @since 0.1.0
 */
public enum Transport {
    /**
     * Linux epoll when its native library loads (the library ships for Linux on x86-64 and aarch64), NIO
     * otherwise; a runtime that falls back to NIO says so in one INFO line, with Netty's reason, when it starts.
     */
    AUTO,
    /** Linux epoll; starting a machine fails if it is unavailable. */
    EPOLL,
    /** Java NIO selectors, available everywhere. */
    NIO;

    /**
     * The transport {@link #AUTO} stands for on this machine.
     *
     * @return EPOLL or NIO; never AUTO
     */
    public Transport resolve() {
        if (this == AUTO) {
            return Epoll.isAvailable() ? EPOLL : NIO;
        }
        if (this == EPOLL && !Epoll.isAvailable()) {
            throw new MisuseException("the epoll transport was requested but is unavailable here: "
                    + Epoll.unavailabilityCause());
        }
        return this;
    }

    IoHandlerFactory handlerFactory() {
        return resolve() == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }
}
