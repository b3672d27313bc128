package io.machinarium.net;

import io.netty.channel.Channel;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around two Netty 4.2.18 epoll defects: one cuts half-closed streams short, one breaks the
 * readahead bound.
 *
 * <p>The first. When a channel's
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
 * <p>The second: once Netty has seen EPOLLRDHUP (the peer's FIN), its read loop goes on until the socket
 * is empty, whatever autoRead and the messages-per-read limit say ({@code EpollRecvByteAllocatorHandle}
 * continues while {@code receivedRdHup}). A slow reader whose peer sent a lot and then closed got the whole
 * kernel socket buffer read ahead: 3.4-5.5 MB against a 64 KiB mark ({@code ReadTest}). So connections do
 * not watch EPOLLRDHUP at all ({@link #watchHangUpByRead}): the transport is level-triggered, so EPOLLIN
 * reports the FIN anyway, as a read of 0 bytes, once reading is on — in order, after the bytes before it.
 * EPOLLERR takes its place in the interest set, so that the set never empties (the first defect).
 *
 * <p>Machine-confined: call on the channel's event loop. A no-op for other transports.
 */
final class EpollInterest {
    private static final Logger LOG = LoggerFactory.getLogger(EpollInterest.class);
    private static final Class<?> EPOLL_CHANNEL;
    private static final Method SET_FLAG;
    private static final Method CLEAR_FLAG;
    private static final int EPOLLERR;
    private static final int EPOLLRDHUP;

    static {
        Class<?> type = null;
        Method set = null;
        Method clear = null;
        int err = 0;
        int rdhup = 0;
        try {
            type = Class.forName("io.netty.channel.epoll.AbstractEpollChannel");
            set = type.getDeclaredMethod("setFlag", int.class);
            clear = type.getDeclaredMethod("clearFlag", int.class);
            set.setAccessible(true);
            clear.setAccessible(true);
            Class<?> flags = Class.forName("io.netty.channel.epoll.Native");
            err = flags.getField("EPOLLERR").getInt(null);
            rdhup = flags.getField("EPOLLRDHUP").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("epoll interest workaround unavailable: {}", e.toString());
            type = null;
        }
        EPOLL_CHANNEL = type;
        SET_FLAG = set;
        CLEAR_FLAG = clear;
        EPOLLERR = err;
        EPOLLRDHUP = rdhup;
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

    /**
     * On a newly registered connection, before it starts reading: the peer's FIN is learnt from a read of 0
     * bytes instead of EPOLLRDHUP, so that reading keeps to autoRead to the end. Called on every
     * registration (a move between machines registers again; repeating it changes nothing).
     */
    static void watchHangUpByRead(Channel channel) {
        invoke(SET_FLAG, channel, EPOLLERR);
        invoke(CLEAR_FLAG, channel, EPOLLRDHUP);
    }

    private static void invoke(Method m, Channel channel) {
        invoke(m, channel, EPOLLERR);
    }

    private static void invoke(Method m, Channel channel, int flag) {
        if (EPOLL_CHANNEL == null || !EPOLL_CHANNEL.isInstance(channel) || !channel.isOpen()) {
            return;
        }
        try {
            m.invoke(channel, flag);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("epoll interest change failed on {}: {}", channel, e.toString());
        }
    }
}
