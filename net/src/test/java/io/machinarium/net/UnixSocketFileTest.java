package io.machinarium.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps between a Unix listener's claim of its path and its socket being in place: a file that appears at
 * the path meanwhile is never replaced, and the private name the socket was bound under never stays behind.
 */
class UnixSocketFileTest {
    @Test
    void aFileThatAppearsAtThePathAfterTheClaimIsNotReplaced(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("raced.sock");
        UnixSocketFile file = UnixSocketFile.claim(UnixDomainSocketAddress.of(path), path);
        try (ServerSocketChannel bound = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            bound.bind(UnixDomainSocketAddress.of(file.bindAddress().path()));
            Files.writeString(path, "someone else's");
            assertThatThrownBy(file::linkIntoPlace).isInstanceOf(ListenFailedException.class)
                    .hasMessage("cannot listen on " + path + ": something else appeared there meanwhile");
        }
        assertThat(Files.readString(path)).isEqualTo("someone else's");
        assertThat(dir.toFile().list()).as("the private name is gone").containsExactly("raced.sock");
        file.release();
        assertThat(Files.readString(path)).as("release leaves what it did not create").isEqualTo("someone else's");
    }

    @Test
    void theSocketLinkedIntoPlaceIsReleasedAndThePrivateNameIsGone(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("linked.sock");
        UnixSocketFile file = UnixSocketFile.claim(UnixDomainSocketAddress.of(path), path);
        try (ServerSocketChannel bound = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            bound.bind(UnixDomainSocketAddress.of(file.bindAddress().path()));
            file.linkIntoPlace();
            assertThat(dir.toFile().list()).as("only the path").containsExactly("linked.sock");
            assertThat(UnixFiles.accepts(path)).as("the socket answers at the path").isTrue();
            file.release();
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void theRefusalNamesTheAddressAndTheReasonApart(@TempDir Path dir) throws Exception {
        Path path = Files.createDirectory(dir.resolve("taken"));
        UnixDomainSocketAddress given = UnixDomainSocketAddress.of(path);
        assertThatThrownBy(() -> UnixSocketFile.claim(given, path)).isInstanceOfSatisfying(ListenFailedException.class,
                e -> {
                    assertThat(e.address()).isEqualTo(given);
                    assertThat(e.reason()).isEqualTo("it is a directory, not a socket; remove it or choose another path");
                });
    }
}
