package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Files of every kind at a socket's path, and how to tell them apart, for the Unix-socket tests. */
final class UnixFiles {
    private UnixFiles() {
    }

    /**
     * Puts the thing named by {@code what} at {@code path}.
     *
     * @return the listener, for a live socket; else null
     */
    static ServerSocketChannel make(String what, Path path, Path dir) throws Exception {
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

    static void mkfifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
        assertThat(p.waitFor(T.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo " + at).isTrue();
    }

    /** What is at the path, not following links: its kind, inode, times, and for a link its target. */
    static String describe(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String kind = a.isSymbolicLink() ? "link to " + Files.readSymbolicLink(path) : a.isDirectory() ? "directory "
                + List.of(path.toFile().list()) : a.isRegularFile() ? "file " + Files.readString(path)
                : "special mode " + Integer.toOctalString((Integer) Files.getAttribute(path, "unix:mode",
                LinkOption.NOFOLLOW_LINKS));
        return kind + ", " + a.fileKey() + ", created " + a.creationTime() + ", modified " + a.lastModifiedTime();
    }

    /** Whether a connection to the socket at the path is accepted. */
    static boolean accepts(Path path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(path));
        }
    }
}
