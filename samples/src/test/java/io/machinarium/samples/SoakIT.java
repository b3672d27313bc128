package io.machinarium.samples;

import static io.machinarium.samples.Clients.adminPort;
import static io.machinarium.samples.Clients.readyPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bounded soak of the samples as users run them ({@code bin/sample}, leak detector at PARANOID): an
 * echo server, a proxy in front of it, a TLS echo server and the bank take mixed traffic from several
 * client threads for {@code -Dsoak.seconds} (30 by default; the README gives the long form) with faults
 * — clients that reset mid-stream, clients that stop reading for a while, a restart of the proxy's
 * backend. The soak runs once; each test checks one thing that must hold afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoakIT {
    private static final long SECONDS = Long.getLong("soak.seconds", 30);
    private static final Duration T = Duration.ofSeconds(30);
    private static final int ACCOUNTS = 50;
    private static final long INITIAL = 1000;
    private static final Map<String, String> PARANOID = Map.of("MACHINARIUM_JAVA_OPTS",
            "-Dio.netty.leakDetection.level=paranoid -Dio.netty.leakDetection.targetRecords=4");
    private static final Pattern SOCKETS = Pattern.compile("socket:");

    private final Map<String, ChildProcess> servers = new ConcurrentHashMap<>();
    private final Map<String, Integer> baselineFds = new ConcurrentHashMap<>();
    private final Map<String, Integer> fdsAfter = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> roundTrips = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> ioErrors = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> corruptions = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> exits = new ConcurrentHashMap<>();
    private int echoPort;
    private int proxyPort;
    private int tlsPort;
    private int bankPort;
    private int adminPort;
    private long bankTotal;
    private long negativeBalances;
    private String proxyClientsLeft;
    private SSLContext tls;
    private volatile boolean stop;

    @BeforeAll
    void soak() throws Exception {
        tls = trustingTestCa();
        echoPort = ChildProcess.freePort();
        startEcho();
        servers.put("tls-echo", ChildProcess.sample(PARANOID, "echo", "--listen", "127.0.0.1:0", "--grace", "3000",
                "--tls-cert", TestCerts.file("server.pem"), "--tls-key", TestCerts.file("server.key")));
        servers.put("proxy", ChildProcess.sample(PARANOID, "proxy", "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
                "--backend", "127.0.0.1:" + echoPort, "--grace", "3000"));
        servers.put("bank", ChildProcess.sample(PARANOID, "bank", "--listen", "127.0.0.1:0", "--accounts",
                String.valueOf(ACCOUNTS), "--initial-balance", String.valueOf(INITIAL), "--grace", "3000"));
        tlsPort = readyPort(servers.get("tls-echo"));
        proxyPort = readyPort(servers.get("proxy"));
        adminPort = adminPort(servers.get("proxy"));
        bankPort = readyPort(servers.get("bank"));
        warmUpAndTakeBaselines();

        List<Thread> clients = new ArrayList<>();
        clients.add(client("echo", r -> echoRound("echo", plain(echoPort), r)));
        clients.add(client("proxy-1", r -> echoRound("proxy", plain(proxyPort), r)));
        clients.add(client("proxy-2", r -> echoRound("proxy", plain(proxyPort), r)));
        clients.add(client("tls", r -> echoRound("tls", tls(tlsPort), r)));
        clients.add(client("bank-1", r -> bankRound(r)));
        clients.add(client("bank-2", r -> bankRound(r)));
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        // kept: a soak runs for a stretch of real time; the clients' load is what is under test meanwhile
        Thread.sleep(SECONDS * 1000 / 2);
        restartEcho();  // the proxy's backend goes away and comes back
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));  // kept: the rest of the soak's stretch
        stop = true;
        for (Thread c : clients) {
            c.join(T.toMillis());
        }

        readTheBank();
        proxyClientsLeft = awaitNoProxyClients();
        for (Map.Entry<String, ChildProcess> s : servers.entrySet()) {
            fdsAfter.put(s.getKey(), awaitFds(s.getValue(), baselineFds.get(s.getKey())));
        }
        for (Map.Entry<String, ChildProcess> s : servers.entrySet()) {
            s.getValue().signal("TERM");
        }
        for (Map.Entry<String, ChildProcess> s : servers.entrySet()) {
            exits.put(s.getKey(), s.getValue().exitCode(T));
        }
        System.out.printf("soak: %d s; round trips %s; tolerated IO errors %s; fds before/after %s/%s; bank total %d%n",
                SECONDS, roundTrips, ioErrors, baselineFds, fdsAfter, bankTotal);
    }

    @AfterAll
    void killWhatIsLeft() throws InterruptedException {
        for (ChildProcess s : servers.values()) {
            s.close();
        }
    }

    @Test
    void everyPathCarriedTrafficAndNoByteWasCorrupted() {
        assertThat(corruptions).isEmpty();
        assertThat(roundTrips.keySet()).containsExactlyInAnyOrder("echo", "proxy", "tls", "bank");
        assertThat(roundTrips.values()).allSatisfy(n -> assertThat(n.get()).isPositive());
        assertThat(ioErrors.getOrDefault("bank", new AtomicLong()).get()).as("bank client errors").isZero();
    }

    @Test
    void theBankKeepsItsMoney() {
        assertThat(bankTotal).isEqualTo(ACCOUNTS * INITIAL);
        assertThat(negativeBalances).isZero();
    }

    @Test
    void noProxyCoroutineIsLeftBehind() {
        assertThat(proxyClientsLeft).isEmpty();
    }

    @Test
    void everyServerIsBackToItsBaselineOfSockets() {
        for (String name : baselineFds.keySet()) {
            assertThat(fdsAfter.get(name)).as("sockets of %s (baseline %d)", name, baselineFds.get(name))
                    .isLessThanOrEqualTo(baselineFds.get(name));
        }
    }

    @Test
    void everyServerExitsCleanlyWithNoLeakReported() {
        for (Map.Entry<String, ChildProcess> s : servers.entrySet()) {
            assertThat(exits.get(s.getKey())).as("exit code of %s", s.getKey()).isZero();
            assertThat(s.getValue().stdout()).as("%s", s.getKey()).contains("all connections finished");
            assertThat(s.getValue().stderr()).as("stderr of %s", s.getKey()).doesNotContain("LEAK");
        }
    }

    // ---- servers ----

    private void startEcho() throws Exception {
        ChildProcess echo = ChildProcess.sample(PARANOID, "echo", "--listen", "127.0.0.1:" + echoPort, "--grace", "3000");
        readyPort(echo);
        servers.put("echo", echo);
    }

    private void restartEcho() throws Exception {
        ChildProcess old = servers.remove("echo");
        old.signal("TERM");
        exits.put("echo (first run)", old.exitCode(T));
        assertThat(old.stderr()).as("stderr of the first echo").doesNotContain("LEAK");
        startEcho();
        echoRound("echo", plain(echoPort), new Random(7));
        baselineFds.put("echo", awaitFds(servers.get("echo"), Integer.MAX_VALUE));
    }

    private void warmUpAndTakeBaselines() throws IOException, InterruptedException {
        Random r = new Random(1);
        echoRound("echo", plain(echoPort), r);
        echoRound("proxy", plain(proxyPort), r);
        echoRound("tls", tls(tlsPort), r);
        bankRound(r);
        Clients.get(adminPort, "/metrics");
        for (Map.Entry<String, ChildProcess> s : servers.entrySet()) {
            baselineFds.put(s.getKey(), awaitFds(s.getValue(), Integer.MAX_VALUE));
        }
    }

    // ---- clients ----

    private interface Round {
        void run(Random random) throws IOException;
    }

    private Thread client(String name, Round round) {
        Thread t = new Thread(() -> {
            Random random = new Random(name.hashCode());
            while (!stop) {
                try {
                    round.run(random);
                } catch (IOException e) {
                    ioErrors.computeIfAbsent(name.replaceAll("-\\d+$", ""), k -> new AtomicLong()).incrementAndGet();
                    sleep(20);  // a server that is down refuses at once: do not spin
                }
            }
        }, "soak-" + name);
        t.start();
        return t;
    }

    private static Socket plain(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(15_000);
        return s;
    }

    private Socket tls(int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(15_000);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new javax.net.ssl.SNIHostName("localhost")));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /**
     * One connection: a few echoed messages, checked byte for byte; sometimes the client resets the
     * connection mid-stream, sometimes it writes a lot and stops reading for a while first.
     */
    private void echoRound(String path, Socket socket, Random random) throws IOException {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int fault = random.nextInt(10);
            int messages = 1 + random.nextInt(5);
            for (int i = 0; i < messages; i++) {
                byte[] sent = new byte[fault == 1 ? 256 * 1024 : 1 + random.nextInt(16 * 1024)];
                random.nextBytes(sent);
                if (fault == 1) {  // writes a lot and stops reading for a while: the server must wait, not fail
                    Thread writer = new Thread(() -> {
                        try {
                            out.write(sent);
                        } catch (IOException e) {
                            // counted by the reader
                        }
                    });
                    writer.start();
                    sleep(200 + random.nextInt(300));
                    byte[] got = Clients.readExactly(in, sent.length);
                    join(writer);
                    check(path, sent, got);
                } else {
                    out.write(sent);
                    if (fault == 0 && i == messages - 1) {  // resets mid-stream, the echo still on its way
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    check(path, sent, Clients.readExactly(in, sent.length));
                }
                roundTrips.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    private void check(String path, byte[] sent, byte[] got) {
        if (!Arrays.equals(sent, got)) {
            corruptions.add(path + ": " + sent.length + " bytes echoed wrong");
        }
    }

    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

    /** One keep-alive connection with a few random transfers; sometimes it resets before the answer. */
    private void bankRound(Random random) throws IOException {
        try (Socket s = plain(bankPort)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            int transfers = 1 + random.nextInt(10);
            for (int i = 0; i < transfers; i++) {
                int from = random.nextInt(ACCOUNTS);
                int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                String body = "{\"from\":\"a" + from + "\",\"to\":\"a" + to + "\",\"amount\":" + (1 + random.nextInt(100)) + "}";
                out.write(("POST /transfers HTTP/1.1\r\nHost: bank\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                if (random.nextInt(20) == 0) {  // resets with the request in flight
                    s.setSoLinger(true, 0);
                    return;
                }
                String head = readHead(in);
                Matcher m = STATUS.matcher(head);
                int length = Integer.parseInt(head.replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1"));
                Clients.readExactly(in, length);
                if (!m.find() || !(m.group(1).equals("200") || m.group(1).equals("409"))) {
                    corruptions.add("bank answered a transfer with: " + head.lines().findFirst().orElse(""));
                }
                roundTrips.computeIfAbsent("bank", k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (b.length() < 4 || !b.substring(b.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after '" + b + "'");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    // ---- checks afterwards ----

    private void readTheBank() throws IOException, InterruptedException {
        String total = Clients.get(bankPort, "/total").body();
        bankTotal = Long.parseLong(total.replaceAll(".*\"total\":(\\d+).*", "$1"));
        for (int i = 0; i < ACCOUNTS; i++) {
            String a = Clients.get(bankPort, "/accounts/a" + i).body();
            if (Long.parseLong(a.replaceAll(".*\"balance\":(-?\\d+).*", "$1")) < 0) {
                negativeBalances++;
            }
        }
    }

    /** Waits until the proxy holds no client connection; returns the coroutines of those still there. */
    private String awaitNoProxyClients() throws IOException, InterruptedException {
        String[] left = {""};
        Await.holdsWithin(T, () -> {
            try {
                String dump = Clients.get(adminPort, "/coroutines").body();
                // the admin connection that serves this very dump is itself a "client" coroutine, seen waiting
                // for a machine's slice of the dump: it is not left behind
                left[0] = dump.lines().filter(l -> l.startsWith("\"client ") && !l.contains("waiting on dump of machine"))
                        .reduce("", (a, b) -> a + b + "\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return left[0].isEmpty();
        });
        return left[0];  // the caller reports what is left
    }

    private static int sockets(ChildProcess p) throws IOException {
        // bin/sample execs java, so the child's pid is the JVM's
        int n = 0;
        try (var fds = Files.list(Path.of("/proc", String.valueOf(p.pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (SOCKETS.matcher(Files.readSymbolicLink(fd).toString()).lookingAt()) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    /** Waits (at most T) until the server holds at most {@code target} sockets and the count is steady. */
    private static int awaitFds(ChildProcess p, int target) throws IOException {
        long deadline = System.nanoTime() + T.toNanos();
        int last = -1;
        int now = sockets(p);
        while ((now > target || now != last) && System.nanoTime() < deadline) {
            sleep(200);
            last = now;
            now = sockets(p);
        }
        return now;
    }

    private static SSLContext trustingTestCa() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(TestCerts.file("ca.pem")))) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    /**
     * Paces the soak's clients (a pause between rounds, a back-off from a server that is down, a steady
     * descriptor count of the child process): real-time pacing of load, not a wait for a condition.
     */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
