package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The private key formats a configuration reads — encrypted ones with their password — and the mistakes it
 * refuses, each with a message that says what to do.
 */
class PrivateKeyFilesTest {
    private static final Path CERT = TestCerts.file("server.pem");
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    /** A handshake and one echoed byte with the server configuration {@code sc}. */
    private void serves(TlsConfig sc, TlsProvider p) {
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            Tls.upgrade(io, sc, T);
            TlsTesting.echo(io);
        });
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, TlsTesting.client(p).build(), T);
                io.write(new byte[] {9});
                assertThat(io.readBytes(1, T)).containsExactly(9);
            }
        });
        srv.joinOk();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void anEncryptedPkcs8KeyIsReadWithItsPasswordAndServes(TlsProvider p) {
        TlsConfig sc = TlsConfig.server(CERT, TestCerts.file("server-encrypted.key"), TestCerts.KEY_PASSWORD)
                .provider(p).build();
        serves(sc, p);
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void anEncryptedTraditionalKeyIsReadWithItsPasswordAndServes(TlsProvider p) {
        TlsConfig sc = TlsConfig.server(CERT, TestCerts.file("server-encrypted-traditional.key"),
                TestCerts.KEY_PASSWORD).provider(p).build();
        serves(sc, p);
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aSec1EcKeyIsReadAndServes(TlsProvider p) {
        serves(TlsConfig.server(TestCerts.file("ec-server.pem"), TestCerts.file("ec-server.key")).provider(p).build(), p);
    }

    @Test
    void anEncryptedClientKeyIsReadThroughTheBuilder() {
        TlsConfig cc = TlsConfig.client().serverName("localhost").caFile(TestCerts.ca())
                .certificate(CERT, TestCerts.file("server-encrypted.key"), TestCerts.KEY_PASSWORD).build();
        assertThat(cc.certificateChain()).hasSize(1);
    }

    @Test
    void theKeyReadFromEachFormatIsTheSameKey() {
        var plain = PemFiles.privateKey(TestCerts.file("server.key"), null);
        assertThat(PemFiles.privateKey(TestCerts.file("server-encrypted.key"), TestCerts.KEY_PASSWORD)).isEqualTo(plain);
        assertThat(PemFiles.privateKey(TestCerts.file("server-encrypted-traditional.key"), TestCerts.KEY_PASSWORD))
                .isEqualTo(plain);
        assertThat(PemFiles.privateKey(TestCerts.file("server-pkcs1.key"), null)).isEqualTo(plain);
    }

    @Test
    void anEncryptedKeyWithoutItsPasswordIsRefusedSayingHowToGiveIt() {
        Path key = TestCerts.file("server-encrypted.key");
        assertThatThrownBy(() -> TlsConfig.server(CERT, key).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("the private key file " + key + " is encrypted: give its password"
                        + " (TlsConfig.Builder.certificate(certificateFile, keyFile, password))");
    }

    @Test
    void aWrongPasswordIsRefusedSayingSo() {
        for (String name : new String[] {"server-encrypted.key", "server-encrypted-traditional.key"}) {
            Path key = TestCerts.file(name);
            assertThatThrownBy(() -> TlsConfig.server(CERT, key, "not the password").build())
                    .isInstanceOf(TlsConfigException.class)
                    .hasMessageStartingWith("the private key file " + key + " cannot be decrypted with the password"
                            + " given (or the key is damaged)");
        }
    }

    @Test
    void aPasswordForAnUnencryptedKeyIsIgnored() {
        assertThat(TlsConfig.server(CERT, TestCerts.file("server.key"), "unused").build().certificateChain()).hasSize(1);
    }

    @Test
    void aKeyFileWithBlankLinesAfterTheKeyAndAWrongPasswordIsRefusedNotAStackOverflow() throws Exception {
        // Netty's reader, which takes over when BouncyCastle's fails, recursed once per trailing blank character
        Path padded = TestCerts.file("server-encrypted-padded.key");
        java.nio.file.Files.writeString(padded, java.nio.file.Files.readString(TestCerts.file("server-encrypted.key"))
                + "\n".repeat(100_000));
        assertThatThrownBy(() -> TlsConfig.server(CERT, padded, "not the password").build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("cannot be decrypted with the password given");
    }
}
