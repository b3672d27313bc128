package io.machinarium.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.ClosedException;
import io.machinarium.core.IoFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** The plain-socket peer of the TLS fuzz tests: feeds arbitrary bytes to an upgrading context. */
final class FuzzPeer {
    /** The upgrade's timeout: ending with it counts as a hang. */
    static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(10);
    /** How long the peer waits for the context to answer and close. */
    static final int PEER_TIMEOUT_MS = 15_000;

    private FuzzPeer() {
    }

    /** Writes the bytes, half-closes, and reads what comes back until the other side closes. */
    static void feed(Socket peer, byte[] bytes) throws IOException {
        peer.setSoTimeout(PEER_TIMEOUT_MS);
        try {
            peer.getOutputStream().write(bytes);
            peer.shutdownOutput();
            InputStream in = peer.getInputStream();
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // discard the handshake's answer and alerts
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the upgrade neither failed nor closed the connection within "
                    + PEER_TIMEOUT_MS + " ms", e);
        } catch (IOException e) {
            // reset by the other side after it failed: an ordinary outcome
        }
    }

    /** Asserts that the upgrade failed as a connection failure or a close — not a timeout, not a bug. */
    static void assertFailedCleanly(RuntimeException outcome, byte[] bytes) {
        assertThat(outcome).as("the upgrade fed %d arbitrary bytes", bytes.length).isNotNull()
                .isInstanceOfAny(IoFailedException.class, ClosedException.class);
    }
}
