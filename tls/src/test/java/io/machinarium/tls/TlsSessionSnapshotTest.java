package io.machinarium.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/**
 * The session snapshot asks the engine for the peer's certificates only where the peer may have sent some: a
 * server that requests no client certificate must not pay, in every handshake, for the exception the engine
 * throws to say there are none.
 */
class TlsSessionSnapshotTest {

    /** An engine session that has no peer certificates and counts how often it is asked for them. */
    private static SSLSession anonymousPeer(AtomicInteger asked) {
        return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(), new Class<?>[] {SSLSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProtocol" -> "TLSv1.3";
                    case "getCipherSuite" -> "TLS_AES_128_GCM_SHA256";
                    case "getLocalCertificates" -> new Certificate[0];
                    case "getPeerCertificates" -> {
                        asked.incrementAndGet();
                        throw new SSLPeerUnverifiedException("peer not verified");
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aServerThatAsksForNoClientCertificateDoesNotLookForOne() {
        AtomicInteger asked = new AtomicInteger();
        TlsSession s = new TlsSession(true, anonymousPeer(asked), null, List.of(), false);
        assertThat(asked.get()).as("calls of getPeerCertificates").isZero();
        assertThat(s.peerCertificates()).isEmpty();
        assertThat(s.peerCertificate()).isNull();
        assertThat(s.protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aSideWhosePeerMaySendCertificatesAsksAndToleratesNone() {
        AtomicInteger asked = new AtomicInteger();
        TlsSession s = new TlsSession(false, anonymousPeer(asked), "", List.of(), true);
        assertThat(asked.get()).as("calls of getPeerCertificates").isEqualTo(1);
        assertThat(s.peerCertificates()).isEmpty();
        assertThat(s.applicationProtocol()).isNull();
    }
}
