package io.machinarium.core.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The SPI's one way into core's package-private implementation of {@link Blocker} (coroutines and
 * plain threads). Java has no friend packages: without this, core would have to make the thread
 * blocker and the machine clock public API. Both classes live in the same jar, so the private lookup
 * is always granted; the handles are constants, so the JIT inlines the calls.
 */
final class CoreAccess {
    private static final MethodHandle CURRENT;
    private static final MethodHandle NOW;

    static {
        try {
            Class<?> impl = Class.forName("io.machinarium.core.Blocker");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(impl, MethodHandles.lookup());
            CURRENT = lookup.findStatic(impl, "current", MethodType.methodType(impl))
                    .asType(MethodType.methodType(Blocker.class));
            NOW = lookup.findStatic(impl, "now", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CoreAccess() {
    }

    static Blocker currentBlocker() {
        try {
            return (Blocker) CURRENT.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static long now() {
        try {
            return (long) NOW.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
