package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server logs the handshakes it fails — the failing side alone knows why — at most
 * {@link HandshakeFailureLog#PER_MINUTE} lines a minute, each saying how many failures before it went unlogged.
 */
class HandshakeFailureLogTest {
    private static final String LINE = "WARN io.machinarium.tls.Tls - TLS server handshake failed";
    private static final Pattern UNLOGGED = Pattern.compile("\\[(\\d+) earlier failed handshakes? (?:was|were) not logged");
    private static final byte[] PLAINTEXT = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    private static List<String> lines(LogCapture log) {
        return log.text().lines().filter(l -> l.contains(LINE)).toList();
    }

    /** Sends plaintext to {@code srv}, which fails the handshake as NOT_TLS, and waits for it to close. */
    private static void plaintextClient(TlsTesting.Server srv) {
        try (IoContext io = IoContext.connect(srv.address, T)) {
            io.write(PLAINTEXT);
            TlsTesting.drain(io);
        }
    }

    /** A server accepting {@code n} connections, each upgraded with {@code sc}; counts the failed handshakes. */
    private TlsTesting.Server server(TlsConfig sc, int n, AtomicInteger failed) {
        return new TlsTesting.Server(rt.machine(0), TlsTesting.loopback(), n, io -> {
            try {
                Tls.upgrade(io, sc, T);
            } catch (TlsHandshakeException e) {
                failed.incrementAndGet();
            }
        });
    }

    @Test
    void aServersFailedHandshakeIsLoggedWithWhyAndWithWhom() {
        TlsConfig sc = TlsTesting.server(TlsProvider.JDK).build();
        AtomicInteger failed = new AtomicInteger();
        try (LogCapture log = new LogCapture()) {
            TlsTesting.Server srv = server(sc, 1, failed);
            TlsTesting.on(rt.machine(1), () -> plaintextClient(srv));
            srv.joinOk();
            assertThat(failed).hasValue(1);
            assertThat(lines(log)).singleElement().asString()
                    .contains(LINE + ", NOT_TLS: TLS handshake with /127.0.0.1:")
                    .contains("failed: the peer does not speak TLS");
        }
    }

    @Test
    void aClientsFailedHandshakeIsLeftToItsCaller() {
        TlsConfig cc = TlsTesting.client(TlsProvider.JDK).build();
        try (LogCapture log = new LogCapture()) {
            TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
                io.write(PLAINTEXT);
                TlsTesting.drain(io);
            });
            TlsTesting.on(rt.machine(1), () -> {
                try (IoContext io = IoContext.connect(srv.address, T)) {
                    Tls.upgrade(io, cc, T);
                } catch (TlsHandshakeException expected) {
                    // the client's caller has it
                }
            });
            srv.join();
            assertThat(log.text()).doesNotContain("handshake failed");
        }
    }

    @Test
    void aThousandFailedHandshakesLogABoundedNumberOfLinesThatCountTheRest() {
        AtomicLong clock = new AtomicLong();
        TlsConfig sc = TlsTesting.server(TlsProvider.JDK).failureLogClock(clock::get).build();
        long minute = TimeUnit.MINUTES.toNanos(1);
        int perMinute = HandshakeFailureLog.PER_MINUTE;
        AtomicInteger failed = new AtomicInteger();
        try (LogCapture log = new LogCapture()) {
            TlsTesting.Server srv = server(sc, 1001, failed);
            for (int[] batch : new int[][] {{0, 500}, {500, 1000}, {1000, 1001}}) {
                if (batch[0] > 0) {
                    // the server counts a failure after it logged it (its SslHandler may close first)
                    Await.until(T, () -> failed.get() == batch[0], () -> failed.get() + " failures counted");
                    clock.addAndGet(minute);
                }
                TlsTesting.on(rt.machine(1), () -> {
                    for (int i = batch[0]; i < batch[1]; i++) {
                        plaintextClient(srv);
                    }
                });
            }
            srv.joinOk();
            assertThat(failed).hasValue(1001);
            List<String> lines = lines(log);
            // a minute of 500 failures, another of 500, and one more in a third minute
            assertThat(lines).hasSize(2 * perMinute + 1);
            assertThat(lines.get(perMinute - 1)).endsWith("[more failures this minute are counted, not logged]");
            long unlogged = 0;
            for (String l : lines) {
                Matcher m = UNLOGGED.matcher(l);
                if (m.find()) {
                    unlogged += Long.parseLong(m.group(1));
                }
            }
            assertThat(lines.get(perMinute)).contains("[" + (500 - perMinute) + " earlier failed handshakes were not"
                    + " logged: at most " + perMinute + " a minute are]");
            assertThat(lines.get(2 * perMinute)).contains("[" + (500 - perMinute) + " earlier failed handshakes");
            assertThat(lines.size() + unlogged).as("every failure logged or counted").isEqualTo(1001);
        }
    }

    @Test
    void theBudgetIsPerMinuteAndTheCountIsExactAcrossMachines() throws Exception {
        AtomicLong clock = new AtomicLong();
        HandshakeFailureLog failures = new HandshakeFailureLog(clock::get);
        TlsHandshakeException e = new TlsHandshakeException(TlsFailure.OTHER, "a failure", new java.io.IOException("x"));
        int threads = 4;
        int each = 250;
        try (LogCapture log = new LogCapture()) {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        failures.record(e);
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join(T.toMillis());
            }
            assertThat(lines(log)).hasSize(HandshakeFailureLog.PER_MINUTE);
            clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
            failures.record(e);
            assertThat(lines(log)).as("still the same minute").hasSize(HandshakeFailureLog.PER_MINUTE);
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            failures.record(e);
            List<String> lines = lines(log);
            assertThat(lines).hasSize(HandshakeFailureLog.PER_MINUTE + 1);
            assertThat(lines.get(HandshakeFailureLog.PER_MINUTE)).contains("[" + (threads * each + 1
                    - HandshakeFailureLog.PER_MINUTE) + " earlier failed handshakes were not logged");
        }
    }
}
