package io.machinarium.net.dns;

import io.machinarium.core.testing.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq on 127.0.0.1 and a free UDP port, answering from a hosts file the test writes, for names
 * under {@code .test} only (others are NXDOMAIN; it has no upstream server). Its log (every query) goes to a
 * file the test can read. Fails — never skips — when dnsmasq is not installed.
 */
final class Dnsmasq implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq");

    private final Path dir;
    private final Path hosts;
    private final Path log;
    private final Process process;
    private final int port;

    private Dnsmasq(Path dir, Path hosts, Path log, Process process, int port) {
        this.dir = dir;
        this.hosts = hosts;
        this.log = log;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts dnsmasq answering from {@code hostsFile} (lines of "address name") with the given TTL (seconds)
     * on hosts-file answers, and waits until it serves.
     */
    static Dnsmasq start(String hostsFile, int ttlSeconds) throws IOException, InterruptedException {
        String binary = binary();
        Path dir = Files.createTempDirectory("machinarium-dnsmasq");
        Path hosts = dir.resolve("hosts");
        Path log = dir.resolve("dnsmasq.log");
        Files.writeString(hosts, hostsFile, StandardCharsets.UTF_8);
        String failure = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freeUdpPort();
            Process p = new ProcessBuilder(binary, "--keep-in-foreground", "--log-facility=-", "--log-queries",
                    "--conf-file=/dev/null", "--pid-file=", "--user=root", "--port=" + port,
                    "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                    "--addn-hosts=" + hosts, "--local=/test/", "--local-ttl=" + ttlSeconds)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            Dnsmasq d = new Dnsmasq(dir, hosts, log, p, port);
            if (d.awaitLog("read " + hosts, 1, 10_000)) {
                return d;
            }
            failure = d.logText();
            d.stop();
            Files.deleteIfExists(log);
        }
        deleteAll(dir);
        throw new AssertionError("dnsmasq did not start; its last log:\n" + failure);
    }

    private static String binary() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "dnsmasq"))) {
                return Path.of(d, "dnsmasq").toString();
            }
        }
        throw new AssertionError("dnsmasq is not installed, and the DNS tests need a real name server: install the "
                + "Debian package dnsmasq-base (apt-get install dnsmasq-base), as .ci/run does.");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    /** The name server's address, for {@link Resolver#async} and {@link AsyncResolver.Builder#nameServer}. */
    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Replaces the hosts file and makes dnsmasq read it again (SIGHUP), returning once it has. */
    void rewriteHosts(String hostsFile) throws IOException, InterruptedException {
        int reads = count("read " + hosts);
        Files.writeString(hosts, hostsFile, StandardCharsets.UTF_8);
        // the shell's kill builtin: /bin/kill comes with procps, which a minimal system may lack
        Process kill = new ProcessBuilder("sh", "-c", "kill -HUP " + process.pid())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -HUP " + process.pid() + " failed");
        }
        if (!awaitLog("read " + hosts, reads + 1, 10_000)) {
            throw new AssertionError("dnsmasq did not reread its hosts file; its log:\n" + logText());
        }
    }

    /** How many queries for {@code name} of type {@code type} ("A", "AAAA") dnsmasq has logged. */
    int queries(String type, String name) {
        return count("query[" + type + "] " + name + " ");
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int count(String needle) {
        int n = 0;
        for (String line : logText().split("\n")) {
            if (line.contains(needle)) {
                n++;
            }
        }
        return n;
    }

    private boolean awaitLog(String needle, int times, long millis) throws InterruptedException {
        Await.holdsWithin(java.time.Duration.ofMillis(millis), () -> count(needle) >= times || !process.isAlive());
        return count(needle) >= times;
    }

    private void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Stops dnsmasq and deletes its files. */
    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        deleteAll(dir);
    }

    private static void deleteAll(Path dir) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
