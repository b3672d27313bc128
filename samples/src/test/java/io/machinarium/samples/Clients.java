package io.machinarium.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain JDK clients for the end-to-end tests: sockets with timeouts, HTTP, and the samples' ready lines. */
public final class Clients {
    /** The bound on every wait of a test. */
    public static final Duration T = Duration.ofSeconds(20);

    /**
     * The bound on a sample's start-up. A JVM start has no bound that follows from the design, and on a busy
     * machine several samples starting at once with paranoid leak detection take far longer than one on an idle
     * machine; a sample that dies is seen at once, so this bound only ends a start that truly hangs.
     */
    public static final Duration START = Duration.ofMinutes(2);

    private static final Pattern READY = Pattern.compile("(?m)^listening on (\\S+):(\\d+)$");
    private static final Pattern ADMIN = Pattern.compile("admin on http://(\\S+):(\\d+)/");

    private Clients() {
    }

    /**
     * Waits for a sample's ready line and returns the port of its main listener.
     *
     * @param p the sample
     * @return the port from {@code listening on HOST:PORT}
     */
    public static int readyPort(ChildProcess p) throws InterruptedException {
        int[] port = new int[1];
        Await.until(START, () -> {
            Matcher m = READY.matcher(p.stdout());
            if (m.find() && p.stdout().indexOf('\n', m.end()) >= 0) {
                port[0] = Integer.parseInt(m.group(2));
                return true;
            }
            return !p.isAlive();
        }, () -> "no ready line 'listening on HOST:PORT':\n" + p.output());
        if (port[0] == 0) {
            throw new AssertionError("exited without a ready line 'listening on HOST:PORT':\n" + p.output());
        }
        return port[0];
    }

    /**
     * The proxy's admin port, from the line it prints before it is ready.
     *
     * @param p the proxy, ready
     * @return the admin listener's port
     */
    public static int adminPort(ChildProcess p) {
        Matcher m = ADMIN.matcher(p.stdout());
        assertThat(m.find()).as(p.output()).isTrue();
        return Integer.parseInt(m.group(2));
    }

    /**
     * Connects to 127.0.0.1 with a read timeout of {@link #T}.
     *
     * @param port the port
     * @return the socket
     */
    public static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) T.toMillis());
        s.setSoTimeout((int) T.toMillis());
        return s;
    }

    /**
     * Reads exactly n bytes.
     *
     * @param in the stream
     * @param n how many
     * @return the bytes
     * @throws IOException if the stream ends first
     */
    public static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("stream ended after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /**
     * Reads until the end of the stream.
     *
     * @param in the stream
     * @return what was read, as UTF-8
     */
    public static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * GETs a path from 127.0.0.1:port.
     *
     * @param port the port
     * @param path e.g. /metrics
     * @return the response
     */
    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        try (HttpClient c = HttpClient.newBuilder().connectTimeout(T).build()) {
            return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(T).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * The value of one series in a Prometheus text scrape (Micrometer writes every value as a Java double:
     * {@code 3.0}, {@code 1.2582912E7}).
     *
     * @param scrape the text of {@code /metrics}
     * @param series the name and labels, e.g. {@code proxy_errors_total{kind="relay_io"}}
     * @return the value, or NaN if the series is not there
     */
    public static double metric(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(series.length() + 1).trim())).findFirst().orElse(Double.NaN);
    }
}
