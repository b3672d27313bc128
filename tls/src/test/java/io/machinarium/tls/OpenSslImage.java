package io.machinarium.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A container image holding only {@code /usr/bin/openssl}, the libraries it links and its
 * {@code openssl.cnf}, imported from this machine's files (DESIGN section 12): nothing is pulled, and
 * there is no shell in it.
 */
final class OpenSslImage {
    static final String NAME = "machinarium-openssl:test";
    private static final Pattern LIBRARY = Pattern.compile("(/\\S+) \\(0x");

    private OpenSslImage() {
    }

    /** Builds the image unless the engine has it already. */
    static synchronized void ensure() throws IOException, InterruptedException {
        if (run("docker", "image", "inspect", NAME).exitValue == 0) {
            return;
        }
        Path root = Files.createTempDirectory("machinarium-openssl-rootfs");
        try {
            copy(Path.of("/usr/bin/openssl"), root);
            Result ldd = run("ldd", "/usr/bin/openssl");
            Matcher m = LIBRARY.matcher(ldd.output);
            while (m.find()) {
                copy(Path.of(m.group(1)), root);
            }
            for (String cnf : new String[] {"/usr/lib/ssl/openssl.cnf", "/etc/ssl/openssl.cnf"}) {
                if (Files.exists(Path.of(cnf))) {
                    copy(Path.of(cnf), root);
                }
            }
            Files.createDirectories(root.resolve("tmp"));
            Result imported = run("sh", "-c", "tar -C '" + root + "' -c . | docker import -c 'ENTRYPOINT []' - " + NAME);
            if (imported.exitValue != 0) {
                throw new IOException("docker import failed: " + imported.output);
            }
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void copy(Path file, Path root) throws IOException {
        Path target = root.resolve(file.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);  // follows symbolic links
    }

    private record Result(int exitValue, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
