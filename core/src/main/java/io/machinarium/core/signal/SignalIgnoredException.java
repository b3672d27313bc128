package io.machinarium.core.signal;

import io.machinarium.core.MisuseException;

/**
 * {@link SignalWait#open} was asked for a signal this process ignores ({@code SIG_IGN}): the kernel
 * discards it before the JVM could see it, so a wait for it would never return. A process inherits an
 * ignored signal from whoever started it — {@code nohup} ignores SIGHUP, {@code trap '' HUP} in a shell
 * script ignores it for every command after — and keeps ignoring it across {@code exec}.
 *
 * @since 0.1.0
 */
public final class SignalIgnoredException extends MisuseException {
    private static final long serialVersionUID = 1L;

    /** The signal the process ignores. */
    private final Signal signal;

    /**
     * Creates the exception.
     *
     * @param signal the ignored signal
     */
    public SignalIgnoredException(Signal signal) {
        super("SIG" + signal + " is ignored by this process (SIG_IGN, inherited from the program that started it, "
                + "as under nohup or trap '' " + signal + "), so a SignalWait for it would never fire: start the "
                + "program without ignoring SIG" + signal + ", or do not wait for it.");
        this.signal = signal;
    }

    /**
     * The signal the process ignores.
     *
     * @return the signal
     */
    public Signal signal() {
        return signal;
    }
}
