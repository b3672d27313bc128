package io.machinarium.tls;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.machinarium.net.Listener;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the server side of {@link Tls#upgrade}: a client writes arbitrary bytes and half-closes, and the
 * upgrade must end — well within its timeout — with {@link TlsHandshakeException}, another IO failure or
 * a close, never hang, and leak no buffer (the leak detector runs after the fuzz run), with every
 * provider available.
 */
class TlsServerUpgradeFuzzTest {
    private static final List<TlsConfig> SERVERS = new ArrayList<>();
    private static Machinarium rt;
    private static Listener listener;

    @BeforeAll
    static void start() {
        rt = Runtimes.start(1);
        for (TlsProvider p : TlsTesting.providers()) {
            SERVERS.add(TlsTesting.server(p).build());
        }
        AtomicReference<Listener> bound = new AtomicReference<>();
        rt.machine(0).spawn(() -> bound.set(Listener.bind(TlsTesting.loopback()))).join(TlsTesting.T);
        listener = bound.get();
    }

    @AfterAll
    static void stop() {
        rt.machine(0).spawn(listener::close).join(TlsTesting.T);
        rt.close();
    }

    @FuzzTest(maxDuration = "30s")
    void aServerFedAnyBytesFailsTheHandshakeWithoutHanging(FuzzedDataProvider data) throws IOException {
        BugDetectors.allowNetworkConnections();  // the peer is a loopback socket of this test
        TlsConfig config = SERVERS.get(data.consumeInt(0, SERVERS.size() - 1));
        byte[] bytes = data.consumeRemainingAsBytes();
        AtomicReference<RuntimeException> outcome = new AtomicReference<>();
        Coroutine server = rt.machine(0).spawn("fuzzed server", () -> {
            try (IoContext io = listener.accept(TlsTesting.T)) {
                Tls.upgrade(io, config, FuzzPeer.UPGRADE_TIMEOUT);
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        try (Socket peer = new Socket()) {
            peer.connect(listener.localAddress(), FuzzPeer.PEER_TIMEOUT_MS);
            FuzzPeer.feed(peer, bytes);
        }
        server.join(TlsTesting.T);
        FuzzPeer.assertFailedCleanly(outcome.get(), bytes);
    }
}
