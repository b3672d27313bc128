package io.machinarium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PEM files are read only from regular files of at most 1 MiB, and the limit holds while reading: a path
 * naming {@code /dev/zero} (say, {@code --tls-cert /dev/zero}) used to be read until the heap ran out.
 */
class PemFileLimitsTest {
    private static final Path ZERO = Path.of("/dev/zero");
    private final Path dir;

    PemFileLimitsTest() throws IOException {
        dir = Files.createTempDirectory("machinarium-pem-limits");
    }

    @AfterEach
    void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    private static TlsConfig.Builder serverWith(Path certificate, Path key) {
        return TlsConfig.server(certificate, key);
    }

    @Test
    void devZeroAsACertificateIsRefusedAsNotARegularFile() {
        assumeThat(Files.exists(ZERO)).as("/dev/zero exists on Linux, where CI runs").isTrue();
        assertThatThrownBy(() -> serverWith(ZERO, TestCerts.file("server.key")).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("the certificate file /dev/zero is not a regular file but a device, a pipe or a socket;"
                        + " PEM is read from regular files only");
    }

    @Test
    void devZeroAsAKeyOrACaFileIsRefusedToo() {
        assumeThat(Files.exists(ZERO)).as("/dev/zero exists on Linux, where CI runs").isTrue();
        assertThatThrownBy(() -> serverWith(TestCerts.file("server.pem"), ZERO).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("the private key file /dev/zero is not a regular file");
        assertThatThrownBy(() -> TlsConfig.client().caFile(ZERO).serverName("localhost").build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("the certificate file /dev/zero is not a regular file");
    }

    @Test
    void aLinkToDevZeroIsRefused() throws IOException {
        assumeThat(Files.exists(ZERO)).as("/dev/zero exists on Linux, where CI runs").isTrue();
        Path link = Files.createSymbolicLink(dir.resolve("cert.pem"), ZERO);
        assertThatThrownBy(() -> serverWith(link, TestCerts.file("server.key")).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("is not a regular file but a device");
    }

    @Test
    void aDirectoryAsACertificateIsRefused() {
        assertThatThrownBy(() -> serverWith(dir, TestCerts.file("server.key")).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("the certificate file " + dir + " is not a regular file but a directory; PEM is read"
                        + " from regular files only");
    }

    @Test
    void aFileLargerThanOneMebibyteIsRefused() throws IOException {
        Path big = dir.resolve("big.pem");
        byte[] pem = Files.readAllBytes(TestCerts.file("server.pem"));
        try (var out = Files.newOutputStream(big)) {
            for (long n = 0; n <= PemFiles.MAX_BYTES; n += pem.length) {
                out.write(pem);  // a valid chain, only too long
            }
        }
        assertThatThrownBy(() -> serverWith(big, TestCerts.file("server.key")).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("the certificate file " + big + " is larger than the limit of 1048576 bytes (1 MiB) for a"
                        + " PEM file: " + Files.size(big) + " bytes");
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws IOException {
        Path full = dir.resolve("full.pem");
        byte[] pem = Files.readAllBytes(TestCerts.file("server.pem"));
        byte[] padded = new byte[PemFiles.MAX_BYTES];
        java.util.Arrays.fill(padded, (byte) '\n');
        System.arraycopy(pem, 0, padded, 0, pem.length);
        Files.write(full, padded);
        assertThat(serverWith(full, TestCerts.file("server.key")).build().certificateChain()).hasSize(1);
    }

    @Test
    void aTooLargeFileInACaDirectoryIsRefusedNotSkipped() throws IOException {
        Files.copy(TestCerts.ca(), dir.resolve("ca.pem"));
        Path big = dir.resolve("huge.pem");
        Files.write(big, new byte[PemFiles.MAX_BYTES + 1]);
        assertThatThrownBy(() -> TlsConfig.client().caDirectory(dir).serverName("localhost").build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("the file of the CA directory " + big + " is larger than the limit");
    }

    @Test
    void aStreamThatNeverEndsIsCutAtTheLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;  // like /dev/zero, or a file that grows as fast as it is read
            }
        };
        Path name = Path.of("growing.pem");
        assertThatThrownBy(() -> PemFiles.readCapped(endless, name, "certificate file"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("the certificate file growing.pem is larger than the limit of 1048576 bytes (1 MiB) for a"
                        + " PEM file: more than that as it was read");
    }

    @Test
    void aRegularFileThatReportsNoSizeButHoldsMoreIsCutAtTheLimit() throws IOException {
        Path kallsyms = Path.of("/proc/kallsyms");
        assumeThat(Files.isRegularFile(kallsyms) && Files.size(kallsyms) == 0 && longerThanTheLimit(kallsyms))
                .as("needs Linux's /proc/kallsyms, a regular file that reports size 0 and holds megabytes").isTrue();
        assertThatThrownBy(() -> serverWith(kallsyms, TestCerts.file("server.key")).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("the certificate file /proc/kallsyms is larger than the limit of 1048576 bytes (1 MiB) for"
                        + " a PEM file: more than that as it was read");
    }

    private static boolean longerThanTheLimit(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(PemFiles.MAX_BYTES + 1).length > PemFiles.MAX_BYTES;
        } catch (IOException e) {
            return false;
        }
    }
}
