package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Unix-socket listener owns its socket file and nothing else: it binds only over an absent path or a stale
 * socket (one nobody listens on), refuses anything else with one clear line and leaves it as it was, and at
 * close removes the path only if it is still the socket it bound — never a file someone else put there. (Left
 * to itself, Netty's epoll bind unlinks whatever non-directory is at the path, and its close deletes the bound
 * path whatever is there by then.)
 */
class UnixSocketOwnershipTest {
    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a FIFO", "a regular file", "a symbolic link to a file", "a symbolic link to a FIFO",
        "a directory", "a socket another process listens on"})
    void aPathHoldingAnythingButAStaleSocketIsRefusedWithOneLineAndLeftAlone(String what, @TempDir Path dir)
            throws Exception {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel live = UnixFiles.make(what, path, dir)) {
            String before = UnixFiles.describe(path);
            AtomicReference<Throwable> refused = new AtomicReference<>();
            on(rt.machine(0), () -> {
                try (Listener l = Listener.bind(UnixDomainSocketAddress.of(path))) {
                    refused.set(null);
                } catch (IoFailedException e) {
                    refused.set(e);
                }
            });
            assertThat(refused.get()).as("binding over " + what).isNotNull()
                    .hasMessageStartingWith("cannot listen on " + path + ": ");
            assertThat(refused.get().getMessage().lines()).as("one line").hasSize(1);
            assertThat(UnixFiles.describe(path)).as("what is at the path").isEqualTo(before);
            if (live != null) {
                assertThat(UnixFiles.accepts(path)).as("the other process's socket still answers").isTrue();
            }
        }
    }

    @Test
    void aStaleSocketIsTakenOverAndServed(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("stale.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path)).close();
        assertThat(path).as("a socket file nobody listens on").exists();
        AtomicReference<String> got = new AtomicReference<>();
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(UnixDomainSocketAddress.of(path))) {
                assertThat(((DomainSocketAddress) l.localAddress()).path()).isEqualTo(path.toString());
                rt.machine(0).spawn(() -> NetTesting.echo(l.accept(T)));
                try (IoContext io = IoContext.connect(UnixDomainSocketAddress.of(path), T)) {
                    io.write("taken over".getBytes(StandardCharsets.UTF_8));
                    got.set(new String(io.readBytes(10, T), StandardCharsets.UTF_8));
                }
            }
        });
        assertThat(got.get()).isEqualTo("taken over");
    }

    @Test
    void closingRemovesTheSocketFileTheListenerBound(@TempDir Path dir) {
        Path path = dir.resolve("own.sock");
        on(rt.machine(0), () -> Listener.bind(UnixDomainSocketAddress.of(path)).close());
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as("the listener's socket file").isFalse();
        assertThat(dir.toFile().list()).as("nothing left in the directory").isEmpty();
    }

    @Test
    void closingLeavesASocketThatAnotherProcessPutAtThePathMeanwhile(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("moved.sock");
        AtomicReference<Listener> bound = new AtomicReference<>();
        on(rt.machine(0), () -> bound.set(Listener.bind(UnixDomainSocketAddress.of(path))));
        Files.delete(path);
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(path));
            String before = UnixFiles.describe(path);
            on(rt.machine(0), () -> bound.get().close());
            assertThat(UnixFiles.describe(path)).as("the other process's socket").isEqualTo(before);
            assertThat(UnixFiles.accepts(path)).as("and it still answers").isTrue();
        }
    }

    @Test
    void aListenerEndedByItsMachineStoppingRemovesItsSocketFileToo(@TempDir Path dir) {
        Path path = dir.resolve("stopped.sock");
        on(rt.machine(0), () -> Listener.bind(UnixDomainSocketAddress.of(path)));  // never closed
        assertThat(path).exists();
        rt.close();
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as("the listener's socket file").isFalse();
    }

    @Test
    void aRefusedBindSaysWhatIsThere(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("file");
        Files.writeString(path, "keep me");
        on(rt.machine(0), () -> assertThatThrownBy(() -> Listener.bind(UnixDomainSocketAddress.of(path)))
                .isInstanceOf(IoFailedException.class)
                .hasMessage("cannot listen on " + path + ": it is a regular file, not a socket; remove it or choose"
                        + " another path"));
        assertThat(Files.readString(path)).isEqualTo("keep me");
    }
}
