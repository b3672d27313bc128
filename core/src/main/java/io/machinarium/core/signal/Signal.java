package io.machinarium.core.signal;

/**
 * The POSIX signals a program may wait for with {@link SignalWait}.
 *
 * @since 0.1.0
 */
public enum Signal {
    /** SIGINT: Ctrl-C in a terminal. */
    INT,
    /** SIGTERM: the polite request to stop, sent by {@code kill}, systemd and container runtimes. */
    TERM,
    /** SIGHUP: the terminal went away; by convention also "reload your configuration". */
    HUP
}
