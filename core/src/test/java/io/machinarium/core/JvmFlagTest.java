package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.StartsARuntime;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up check names the flag that fits how the program was started: class path or module path.
 * Each case is a child JVM; core goes on its module path as a jar made here from the compiled classes,
 * with the Automatic-Module-Name the build gives it, and the rest of the test class path stays the class path.
 */
class JvmFlagTest {
    private static final String ON_CLASS_PATH = "java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String ON_MODULE_PATH = "java.base/jdk.internal.vm=io.machinarium.core";

    @TempDir
    static Path dir;
    private static Path coreJar;
    private static String restOfClassPath;

    @BeforeAll
    static void packCoreAsAModule() throws Exception {
        Path classes = Path.of(JvmSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        coreJar = dir.resolve("machinarium-core.jar");
        jar(classes, coreJar, "Automatic-Module-Name", "io.machinarium.core");
        restOfClassPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().equals(classes.toAbsolutePath()))
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void onTheClassPathWithoutTheFlagTheErrorNamesTheExportToAllUnnamedAndTheManifestAttribute() throws Exception {
        String out = run(1, "-cp", System.getProperty("java.class.path"), StartsARuntime.class.getName());
        assertThat(out).contains("MisuseException: Machinarium needs the JVM option '--add-exports " + ON_CLASS_PATH
                + "'").contains("'Add-Exports: java.base/jdk.internal.vm'").doesNotContain("IllegalAccessError");
    }

    @Test
    void onTheModulePathWithoutTheFlagTheErrorNamesTheExportToTheCoreModule() throws Exception {
        String out = run(1, modulePath(StartsARuntime.class.getName()));
        assertThat(out).contains("MisuseException: Machinarium needs the JVM option '--add-exports " + ON_MODULE_PATH
                + "'").doesNotContain("ALL-UNNAMED").doesNotContain("IllegalAccessError");
    }

    @Test
    void onTheModulePathTheClassPathFlagIsNotEnoughAndTheErrorSaysWhichOneIs() throws Exception {
        String out = run(1, withFlag(ON_CLASS_PATH, modulePath(StartsARuntime.class.getName())));
        assertThat(out).contains("'--add-exports " + ON_MODULE_PATH + "'");
    }

    @Test
    void onTheModulePathTheExportToTheCoreModuleStartsARuntime() throws Exception {
        String out = run(0, withFlag(ON_MODULE_PATH, modulePath(StartsARuntime.class.getName())));
        assertThat(out).contains("started");
    }

    @Test
    void aJarStartedWithJavaDashJarRunsWithNoFlagWhenItsManifestCarriesAddExports() throws Exception {
        Path launcher = dir.resolve("launcher.jar");
        // The launcher jar holds no classes: its manifest names the main class and the class path.
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(launcher), manifest(
                "Main-Class", StartsARuntime.class.getName(),
                "Class-Path", Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(e -> Path.of(e).toUri().toString()).collect(Collectors.joining(" ")),
                "Add-Exports", "java.base/jdk.internal.vm"))) {
            out.flush();
        }
        assertThat(run(0, "-jar", launcher.toString())).contains("started");
    }

    private static String[] modulePath(String mainClass) {
        return new String[] {"--module-path", coreJar.toString(), "--add-modules", "io.machinarium.core",
            "-cp", restOfClassPath, mainClass};
    }

    private static String[] withFlag(String export, String... rest) {
        return Stream.concat(Stream.of("--add-exports", export), Arrays.stream(rest)).toArray(String[]::new);
    }

    private static String run(int expectedExit, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
        return out;
    }

    private static Manifest manifest(String... keysAndValues) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.getMainAttributes().putValue(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static void jar(Path classes, Path jar, String... manifest) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest(manifest));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);   // leaves the jar stream open
                out.closeEntry();
            }
        }
    }
}
