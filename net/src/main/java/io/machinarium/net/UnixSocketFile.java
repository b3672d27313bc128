package io.machinarium.net;

import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file of a Unix socket a {@link Listener} listens on, and what the listener may do to it. Netty's epoll
 * server socket would take any path: its bind unlinks whatever non-directory is there (a FIFO, a device, a
 * live socket of another process), and its close deletes the bound path whoever's file is there by then. So:
 * {@link #claim} accepts an absent path or a <em>stale</em> socket (a socket file nobody listens on, left by a
 * process that died), which it removes, and refuses anything else — a regular file, a directory, a FIFO, a
 * device, a symbolic link (even to a socket), a socket another process listens on — leaving it untouched. The
 * listener binds under a private name beside the path ({@link #bindAddress()}), which {@link #linkIntoPlace}
 * hard-links to the path: that fails rather than replaces if anything appeared there meanwhile, and the
 * private name, gone by the time Netty's close deletes it, makes that delete a no-op. {@link #release} removes
 * the path only if it is still the socket this listener bound: same inode and same creation time (ext4 reuses
 * an inode number at once).
 *
 * <p>The file operations are a few metadata system calls and one non-blocking connect on a Unix socket; they
 * run on the binding or closing machine's thread, as the bind itself does.
 *
 * <p>Thread: one at a time — the listener's bind, then its close.
 */
final class UnixSocketFile {
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;

    private final SocketAddress given;
    private final Path path;
    private final Path bindPath;
    private volatile Identity created;

    private UnixSocketFile(SocketAddress given, Path path, Path bindPath) {
        this.given = given;
        this.path = path;
        this.bindPath = bindPath;
    }

    /**
     * Makes sure a socket may be bound at {@code path}: nothing is there, or a stale socket, which is removed.
     * Connects to a socket found there to tell a live one (it accepts, or its backlog is full) from a stale one
     * (the connection is refused). Does not follow symbolic links.
     *
     * @param given the address as the caller gave it, for the exception
     * @param path where the listener is to listen
     * @return the claim
     * @throws ListenFailedException with one line saying what is at the path, if it is anything but absent or
     *     a stale socket, or if the stale socket cannot be removed; the path is then left as it was
     */
    static UnixSocketFile claim(SocketAddress given, Path path) {
        takeOver(given, path);
        return new UnixSocketFile(given, path, privateName(given, path));
    }

    /** {@return where to bind: the private name beside the path} */
    DomainSocketAddress bindAddress() {
        return new DomainSocketAddress(bindPath.toString());
    }

    /** {@return the path the listener serves} */
    Path path() {
        return path;
    }

    /**
     * Puts the socket bound at {@link #bindAddress()} at the path (a hard link, which fails if anything is
     * there), then removes the private name.
     *
     * @throws ListenFailedException if something appeared at the path since the claim, or the link fails; the
     *     caller closes its socket then
     */
    void linkIntoPlace() {
        try {
            Files.createLink(path, bindPath);
            created = identity(path);
        } catch (IOException e) {
            throw refused(e instanceof FileAlreadyExistsException ? "something else appeared there meanwhile"
                    : "cannot put the socket there (" + reason(e) + ")", e);
        } finally {
            abandon();
        }
    }

    /** Removes the private name, if anything is left there (the bind failed, or the socket is linked). */
    void abandon() {
        try {
            Files.deleteIfExists(bindPath);
        } catch (IOException e) {
            // Netty's close deletes it too
        }
    }

    /**
     * Removes the socket file if it is still the one this listener bound (not replaced, not moved away);
     * otherwise, or if nothing was linked, leaves the path alone. Never throws: the listener is closing.
     */
    void release() {
        Identity bound = created;
        created = null;
        if (bound == null || !bound.equals(identity(path))) {
            return;
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            // gone meanwhile, or not ours to remove any more: leave it
        }
    }

    /** Makes sure nothing or a stale socket is at {@code path}, which is removed. */
    private static void takeOver(SocketAddress given, Path path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw refused(given, path, "cannot look at it (" + reason(e) + ")", e);
        }
        String kind = kind(path, a);
        if (!kind.equals("a socket")) {
            throw refused(given, path, "it is " + kind + ", not a socket; remove it or choose another path", null);
        }
        if (listening(given, path)) {
            throw refused(given, path, "another process listens on that socket", null);
        }
        try {
            Files.delete(path);
        } catch (NoSuchFileException e) {
            // gone meanwhile: the path is free
        } catch (IOException e) {
            throw refused(given, path, "cannot remove the stale socket (" + reason(e) + ")", e);
        }
    }

    /**
     * A name beside the path that nothing holds: Netty's bind would unlink whatever sits there. Short, so
     * that it fits the 108 bytes of a socket address wherever the path itself nearly does.
     */
    private static Path privateName(SocketAddress given, Path path) {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; attempt < 16; attempt++) {
            String tag = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
            Path p = path.resolveSibling("." + pid + "." + tag + ".bind");
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        throw refused(given, path, "no free private name to bind under beside it", null);
    }

    /** {@return what a file is, in words: "a socket", "a FIFO", "a directory", ...} */
    private static String kind(Path path, BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isRegularFile()) {
            return "a regular file";
        }
        int type;
        try {
            type = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & TYPE_MASK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
        return switch (type) {
            case SOCKET -> "a socket";
            case FIFO -> "a FIFO";
            case CHARACTER_DEVICE, BLOCK_DEVICE -> "a device";
            default -> "a special file";
        };
    }

    /** Whether a process listens on the socket at {@code path}: a refused connection means none does. */
    private static boolean listening(SocketAddress given, Path path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.configureBlocking(false);  // a full backlog must not block the check: it is a live listener too
            ch.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw refused(given, path, "cannot tell whether a process listens on the socket there (" + reason(e)
                    + ")", e);
        }
    }

    /** {@return the socket file at the path, or null if there is none} */
    private static Identity identity(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isOther() ? new Identity(a.fileKey(), a.creationTime()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private ListenFailedException refused(String why, IOException cause) {
        return refused(given, path, why, cause);
    }

    private static ListenFailedException refused(SocketAddress given, Path path, String why, IOException cause) {
        return new ListenFailedException(given, path.toString(), why, cause != null ? cause : new IOException(why));
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : Objects.requireNonNullElse(m, e.getClass().getSimpleName()).replace('\n', ' ');
    }

    /** Which file a path names: its device and inode, and when it was created (inodes are reused at once). */
    private record Identity(Object fileKey, FileTime created) {
    }
}
