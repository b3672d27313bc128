package io.machinarium.net;

import io.machinarium.core.IoFailedException;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * A {@link Listener} could not listen on an address: the address is taken or not this host's, or — for a
 * Unix socket — something other than a stale socket is at the path (a regular file, a directory, a FIFO,
 * a device, a symbolic link, a socket another process listens on), which is then left as it was. The
 * message is one line, {@code cannot listen on ADDRESS: REASON}; {@link #address()} and {@link #reason()}
 * give its parts, for a program that words its own.
 *
 * @since 0.1.0
 */
public final class ListenFailedException extends IoFailedException {
    private static final long serialVersionUID = 1L;

    /** Where the listener was to listen; not serialized (an address need not be serializable). */
    private final transient SocketAddress address;
    /** Why it could not. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param address where the listener was to listen, as the caller gave it
     * @param shown the address as the message names it (a Unix socket: its path)
     * @param reason why not, one clause with no trailing period
     * @param cause the underlying failure
     */
    ListenFailedException(SocketAddress address, String shown, String reason, IOException cause) {
        super("cannot listen on " + shown + ": " + reason, cause);
        this.address = address;
        this.reason = reason;
    }

    /** {@return where the listener was to listen, as the caller gave it} */
    public SocketAddress address() {
        return address;
    }

    /** {@return why it could not, one clause: "Address already in use", "it is a regular file, not a socket; ..."} */
    public String reason() {
        return reason;
    }
}
