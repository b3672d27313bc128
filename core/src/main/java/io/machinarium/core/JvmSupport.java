package io.machinarium.core;

/**
 * Checks, before any coroutine class is loaded, that this JVM can run coroutines, so that a missing
 * flag is reported as one sentence instead of an {@code IllegalAccessError} deep in a stack.
 *
 * <p>The flag that works depends on how core was loaded: from the class path it is in the unnamed module,
 * and {@code jdk.internal.vm} must be exported to {@code ALL-UNNAMED}; from the module path it is the
 * (automatic) module {@code io.machinarium.core}, and an export to {@code ALL-UNNAMED} does not reach it.
 * The message names the one that fits, read from the module this class is actually in.
 */
final class JvmSupport {
    /** The package coroutines need, as {@code --add-exports} and the {@code Add-Exports} attribute name it. */
    static final String EXPORTED = "java.base/jdk.internal.vm";
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
        Module core = JvmSupport.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.vm", core)) {
            throw new MisuseException(missingExport(core));
        }
        checked = true;
    }

    /**
     * The flag that exports {@code jdk.internal.vm} to {@code module}: to the module by name on the module
     * path, to {@code ALL-UNNAMED} on the class path.
     */
    static String flagFor(Module module) {
        return "--add-exports " + EXPORTED + "=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
    }

    /** What to tell a user whose JVM does not export {@code jdk.internal.vm} to {@code module}. */
    static String missingExport(Module module) {
        String flag = flagFor(module);
        if (module.isNamed()) {
            return "Machinarium needs the JVM option '" + flag + "' (coroutines use jdk.internal.vm.Continuation, "
                    + "and " + module.getName() + " was loaded from the module path): add it to the java command "
                    + "line.";
        }
        // A manifest's Add-Exports applies only to the jar started with java -jar, and only to the unnamed module.
        return "Machinarium needs the JVM option '" + flag + "' (coroutines use jdk.internal.vm.Continuation): add "
                + "it to the java command line. A jar started with java -jar can carry it in its manifest instead, "
                + "as 'Add-Exports: " + EXPORTED + "'.";
    }
}
