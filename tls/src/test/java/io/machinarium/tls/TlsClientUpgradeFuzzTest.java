package io.machinarium.tls;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the client side of {@link Tls#upgrade}: the server answers the ClientHello with arbitrary bytes
 * and half-closes, and the upgrade must end — well within its timeout — with
 * {@link TlsHandshakeException}, another IO failure or a close, never hang, and leak no buffer, with
 * every provider available.
 */
class TlsClientUpgradeFuzzTest {
    private static final List<TlsConfig> CLIENTS = new ArrayList<>();
    private static Machinarium rt;
    private static ServerSocket peers;

    @BeforeAll
    static void start() throws IOException {
        rt = Runtimes.start(1);
        for (TlsProvider p : TlsTesting.providers()) {
            CLIENTS.add(TlsTesting.client(p).build());
        }
        peers = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        peers.setSoTimeout(FuzzPeer.PEER_TIMEOUT_MS);
    }

    @AfterAll
    static void stop() throws IOException {
        peers.close();
        rt.close();
    }

    @FuzzTest(maxDuration = "30s")
    void aClientFedAnyBytesFailsTheHandshakeWithoutHanging(FuzzedDataProvider data) throws IOException {
        BugDetectors.allowNetworkConnections();  // the peer is a loopback socket of this test
        TlsConfig config = CLIENTS.get(data.consumeInt(0, CLIENTS.size() - 1));
        byte[] bytes = data.consumeRemainingAsBytes();
        AtomicReference<RuntimeException> outcome = new AtomicReference<>();
        InetSocketAddress address = (InetSocketAddress) peers.getLocalSocketAddress();
        Coroutine client = rt.machine(0).spawn("fuzzed client", () -> {
            try (IoContext io = IoContext.connect(address, TlsTesting.T)) {
                Tls.upgrade(io, config, FuzzPeer.UPGRADE_TIMEOUT);
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        try (Socket peer = peers.accept()) {
            FuzzPeer.feed(peer, bytes);
        }
        client.join(TlsTesting.T);
        FuzzPeer.assertFailedCleanly(outcome.get(), bytes);
    }
}
