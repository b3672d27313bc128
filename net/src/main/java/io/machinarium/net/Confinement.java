package io.machinarium.net;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.spi.Blocker;

/**
 * The checks an IO context's calls start with: a context belongs to one machine and is used only by
 * coroutines of that machine (its state is machine-confined, so a call from anywhere else would race it),
 * and a read asks for the mode — bytes or decoded objects — the context was opened in. Each check throws
 * {@link MisuseException} with a sentence saying what to do instead.
 */
final class Confinement {
    private Confinement() {
    }

    /** The calling coroutine; a {@link MisuseException} for a plain thread. */
    static Coroutine requireCoroutine(String call) {
        Coroutine c = Coroutine.current();
        if (c == null) {
            throw new MisuseException(call + " must be called inside a coroutine: IO contexts belong to machines.");
        }
        return c;
    }

    /** The calling coroutine if it runs on the context's machine; a {@link MisuseException} otherwise. */
    static Coroutine own(IoContext io, String call) {
        Coroutine c = Coroutine.current();
        Machine m = io.owner;
        if (c == null || m == null || c.machine() != m) {
            throw new MisuseException(call + " on an IO context " + (m == null ? "that is detached; attach it first"
                    : "of machine '" + m.name() + "' from " + (c == null ? "thread '" + Thread.currentThread().getName()
                    + "'" : "machine '" + c.machine().name() + "'") + "; detach and attach it to move it") + ".");
        }
        return c;
    }

    /** Refuses a byte call on a context with a codec. */
    static void requireBytes(IoContext io, String call) {
        if (io.input.objectMode) {
            throw new MisuseException(call + " reads bytes, but this context has a codec: use readObject.");
        }
    }

    /** The checks every read starts with: owner, mode, cancellation, a wake-up given before. */
    static Coroutine startRead(IoContext io, String call, boolean bytes) {
        Coroutine me = own(io, call);
        if (bytes) {
            requireBytes(io, call);
        } else if (!io.input.objectMode) {
            throw new MisuseException("readObject needs a codec: open the context with IoOptions.withCodec.");
        }
        Blocker.throwIfCancelled("read");
        io.wakeUp.throwIfGiven("read from ", io.remoteAddress());
        return me;
    }
}
