package io.machinarium.core;

import io.netty.channel.epoll.Epoll;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks a runtime's transport once, when it starts, and says so when {@link Transport#AUTO} falls back to
 * NIO: epoll's native library ships for Linux on x86-64 and aarch64; elsewhere (macOS, Windows, another
 * CPU, or a Linux whose native library would not load) machines run on NIO, and the one INFO line, with
 * Netty's reason, is the only sign of it. Every machine of the runtime, also those started later, takes
 * the transport chosen here, so the line appears once per runtime, not once per machine.
 */
final class TransportChoice {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    private TransportChoice() {
    }

    /** The transport the runtime's machines use on this JVM, logging a fallback from AUTO to NIO. */
    static Transport forRuntime(Transport requested) {
        if (requested != Transport.AUTO) {
            return requested.resolve();   // EPOLL fails here, with Netty's reason, when it is unavailable
        }
        return resolveAuto(Epoll.isAvailable(), Epoll::unavailabilityCause, LOG);
    }

    /** {@link Transport#AUTO} given whether epoll is available and why not; logs the fallback to NIO on {@code log}. */
    static Transport resolveAuto(boolean epollAvailable, Supplier<Throwable> whyNot, Logger log) {
        if (epollAvailable) {
            return Transport.EPOLL;
        }
        Throwable cause = whyNot.get();
        log.info("the epoll transport is unavailable here ({}), so machines use NIO; Machinarium ships epoll's "
                + "native library for Linux on x86-64 and aarch64", cause != null ? cause.toString() : "no reason given");
        return Transport.NIO;
    }
}
