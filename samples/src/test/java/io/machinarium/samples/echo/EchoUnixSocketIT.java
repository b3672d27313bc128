package io.machinarium.samples.echo;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.Clients.readyPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.samples.ChildProcess;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/sample echo --unix PATH} takes only what is its own: an absent path or a stale socket. Anything
 * else at the path is refused with one line and left as it was, and at exit the sample removes only the
 * socket it created. (A FIFO in a temporary directory stands for the device nodes, like /dev/null, that the
 * sample once deleted when run as root.)
 */
class EchoUnixSocketIT {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a FIFO", "a symbolic link to a file", "a symbolic link to a FIFO", "a regular file",
        "a directory", "a socket another process listens on"})
    void aPathHoldingAnythingButAStaleSocketIsRefusedWithOneLineAndLeftAlone(String what, @TempDir Path dir)
            throws Exception {
        Path path = dir.resolve("echo.sock");
        try (ServerSocketChannel live = make(what, path, dir)) {
            String before = describe(path);
            try (ChildProcess echo = ChildProcess.sample("echo", "--listen", "127.0.0.1:0", "--unix", path.toString())) {
                assertThat(echo.exitCode(T)).as(echo.output()).isEqualTo(1);
                assertThat(echo.stderr()).startsWith("echo: cannot listen on " + path + ": ").endsWith("\n");
                assertThat(echo.stderr().lines()).as("one line").hasSize(1);
                assertThat(echo.stdout()).doesNotContain("listening on");
            }
            assertThat(describe(path)).as("what is at the path").isEqualTo(before);
            if (live != null) {
                assertThat(accepts(path)).as("the other process's socket still answers").isTrue();
            }
        }
    }

    @Test
    void aStaleSocketIsReplacedAndTheSocketIsRemovedAtExit(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path)).close();
        assertThat(path).as("a socket file nobody listens on").exists();
        try (ChildProcess echo = ChildProcess.sample("echo", "--listen", "127.0.0.1:0", "--unix", path.toString())) {
            readyPort(echo);
            assertThat(roundTrip(path)).isEqualTo("over a unix socket\n");
            echo.signal("TERM");
            assertThat(echo.exitCode(T)).as(echo.output()).isZero();
        }
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as("the sample's socket is removed at exit").isFalse();
    }

    @Test
    void aSocketThatAnotherProcessPutInPlaceMeanwhileIsLeftAtExit(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        try (ChildProcess echo = ChildProcess.sample("echo", "--listen", "127.0.0.1:0", "--unix", path.toString())) {
            readyPort(echo);
            Files.delete(path);
            try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                other.bind(UnixDomainSocketAddress.of(path));
                String before = describe(path);
                echo.signal("TERM");
                assertThat(echo.exitCode(T)).as(echo.output()).isZero();
                assertThat(describe(path)).as("the other process's socket").isEqualTo(before);
            }
        }
    }

    /** Puts the thing named by {@code what} at {@code path}. @return the listener, for a live socket; else null */
    private static ServerSocketChannel make(String what, Path path, Path dir) throws Exception {
        switch (what) {
            case "a FIFO" -> mkfifo(path);
            case "a symbolic link to a file" -> Files.createSymbolicLink(path, Files.writeString(dir.resolve("f"), "x"));
            case "a symbolic link to a FIFO" -> {
                mkfifo(dir.resolve("fifo"));
                Files.createSymbolicLink(path, dir.resolve("fifo"));
            }
            case "a regular file" -> Files.writeString(path, "keep me");
            case "a directory" -> Files.writeString(Files.createDirectory(path).resolve("inside"), "keep me");
            case "a socket another process listens on" -> {
                ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                s.bind(UnixDomainSocketAddress.of(path));
                return s;
            }
            default -> throw new IllegalArgumentException(what);
        }
        return null;
    }

    private static void mkfifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
        assertThat(p.waitFor(T.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo " + at).isTrue();
    }

    /** What is at the path, not following links: its kind, inode, times, and for a link its target. */
    private static String describe(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String kind = a.isSymbolicLink() ? "link to " + Files.readSymbolicLink(path) : a.isDirectory() ? "directory "
                + List.of(path.toFile().list()) : a.isRegularFile() ? "file " + Files.readString(path)
                : "special mode " + Integer.toOctalString((Integer) Files.getAttribute(path, "unix:mode",
                LinkOption.NOFOLLOW_LINKS));
        return kind + ", " + a.fileKey() + ", created " + a.creationTime() + ", modified " + a.lastModifiedTime();
    }

    /** Whether a connection to the socket at the path is accepted. */
    private static boolean accepts(Path path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(path));
        }
    }

    private static String roundTrip(Path path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            byte[] line = "over a unix socket\n".getBytes(StandardCharsets.UTF_8);
            ch.write(ByteBuffer.wrap(line));
            ByteBuffer got = ByteBuffer.allocate(line.length);
            while (got.hasRemaining()) {
                assertThat(ch.read(got)).isNotNegative();
            }
            return new String(got.array(), StandardCharsets.UTF_8);
        }
    }
}
