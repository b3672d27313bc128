package io.machinarium.core;

/**
 * Checks, before any coroutine class is loaded, that this JVM can run coroutines, so that a missing
 * flag is reported as one sentence instead of an {@code IllegalAccessError} deep in a stack.
 */
final class JvmSupport {
    static final String FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static volatile boolean checked;

    private JvmSupport() {
    }

    /** Throws {@link MisuseException} unless the JDK is 21+ and {@code jdk.internal.vm} is exported to us. */
    static void requireContinuations() {
        if (checked) {
            return;
        }
        int feature = Runtime.version().feature();
        if (feature < 21) {
            throw new MisuseException("Machinarium needs JDK 21 or newer for coroutines; this JVM is JDK "
                    + feature + ".");
        }
        if (!Object.class.getModule().isExported("jdk.internal.vm", JvmSupport.class.getModule())) {
            throw new MisuseException("Machinarium needs the JVM option '" + FLAG
                    + "' (coroutines use jdk.internal.vm.Continuation): add it to the java command line.");
        }
        checked = true;
    }
}
