package io.machinarium.cluster;

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
 * A container image holding only this machine's {@code nats-server} (the Debian binary), the libraries it
 * links and an empty {@code /data}, imported with {@code docker import}: nothing is pulled.
 */
final class NatsImage {
    static final String NAME = "machinarium-nats:test";
    private static final Pattern LIBRARY = Pattern.compile("(/\\S+) \\(0x");

    private NatsImage() {
    }

    /** Builds the image unless the engine has it already. */
    static synchronized void ensure() throws IOException, InterruptedException {
        if (run("docker", "image", "inspect", NAME)[0].equals("0")) {
            return;
        }
        Path binary = Path.of("/usr/sbin/nats-server");
        Path root = Files.createTempDirectory("machinarium-nats-rootfs");
        try {
            copy(binary, root, "/usr/bin/nats-server");
            Matcher m = LIBRARY.matcher(run("ldd", binary.toString())[1]);
            while (m.find()) {
                copy(Path.of(m.group(1)), root, m.group(1));
            }
            Files.createDirectories(root.resolve("data"));
            Files.createDirectories(root.resolve("tmp"));
            String[] imported = run("sh", "-c", "tar -C '" + root + "' -c . | docker import -c 'ENTRYPOINT [\"/usr/bin/nats-server\"]' - " + NAME);
            if (!imported[0].equals("0")) {
                throw new IOException("docker import failed: " + imported[1]);
            }
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void copy(Path file, Path root, String at) throws IOException {
        Path target = root.resolve(at.substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);  // follows symbolic links
    }

    private static String[] run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return new String[] {String.valueOf(p.exitValue()), out};
    }
}
