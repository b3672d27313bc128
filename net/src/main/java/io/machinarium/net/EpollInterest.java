package io.machinarium.net;

import io.netty.channel.Channel;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a Netty 4.2.18 epoll defect that cuts half-closed streams short. When a channel's
 * interest set becomes empty — after the peer's FIN has shut the input (no EPOLLIN, EPOLLRDHUP handled)
 * and while nothing waits to be written — Netty removes the fd from epoll but still believes it is
 * registered; the next write that fills the socket buffer asks for EPOLLOUT with EPOLL_CTL_MOD, which
 * fails with ENOENT, and Netty then shuts the output and drops every byte still queued. The peer sees a
 * clean end of a stream that lost its tail.
 *
 * <p>So while the output of an input-shut channel is still open, its interest set keeps EPOLLERR —
 * which the kernel reports anyway, so it changes no event — and the fd stays registered; once the
 * output is shut too, the flag goes and Netty may remove the fd (it then has nothing left to do, and
 * EPOLLHUP would otherwise wake the loop until the close).
 *
 * <p>Machine-confined: call on the channel's event loop. A no-op for other transports.
 */
final class EpollInterest {
    private static final Logger LOG = LoggerFactory.getLogger(EpollInterest.class);
    private static final Class<?> EPOLL_CHANNEL;
    private static final Method SET_FLAG;
    private static final Method CLEAR_FLAG;
    private static final int EPOLLERR;

    static {
        Class<?> type = null;
        Method set = null;
        Method clear = null;
        int err = 0;
        try {
            type = Class.forName("io.netty.channel.epoll.AbstractEpollChannel");
            set = type.getDeclaredMethod("setFlag", int.class);
            clear = type.getDeclaredMethod("clearFlag", int.class);
            set.setAccessible(true);
            clear.setAccessible(true);
            err = Class.forName("io.netty.channel.epoll.Native").getField("EPOLLERR").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("epoll interest workaround unavailable: {}", e.toString());
            type = null;
        }
        EPOLL_CHANNEL = type;
        SET_FLAG = set;
        CLEAR_FLAG = clear;
        EPOLLERR = err;
    }

    private EpollInterest() {
    }

    /** After the input was shut: keep the fd registered so that later writes can still wait for room. */
    static void keepRegistered(Channel channel) {
        invoke(SET_FLAG, channel);
    }

    /** After the output was shut too: nothing more to wait for, the fd may leave epoll. */
    static void letGo(Channel channel) {
        invoke(CLEAR_FLAG, channel);
    }

    private static void invoke(Method m, Channel channel) {
        if (EPOLL_CHANNEL == null || !EPOLL_CHANNEL.isInstance(channel) || !channel.isOpen()) {
            return;
        }
        try {
            m.invoke(channel, EPOLLERR);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("epoll interest change failed on {}: {}", channel, e.toString());
        }
    }
}
