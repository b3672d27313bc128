package io.machinarium.samples;

import java.io.IOException;
import java.net.ConnectException;
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
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The file of a Unix socket that a sample listens on, and what the sample may do to it. {@link #claim}
 * accepts an absent path or a <em>stale</em> socket (a socket file that nobody listens on, left by a process
 * that died), which it removes; it refuses anything else with one line — a regular file, a directory, a FIFO,
 * a device, a symbolic link (even to a socket), a socket that another process listens on — and leaves it
 * untouched. {@link #listen} binds under a private name beside the path and then hard-links the socket into
 * place, which fails rather than replaces if anything appeared at the path meanwhile. At exit,
 * {@link #release} removes the file only if it is still the socket this process bound (its inode and creation
 * time), so a socket that another process put there meanwhile stays.
 *
 * <p>Why the private name: Netty's epoll server socket deletes the path it was bound to when it closes,
 * whoever's file is there by then; bound under the private name, which is gone by then, it deletes nothing.
 *
 * <pre>{@code
 * UnixSocketFile file = UnixSocketFile.claim(path);    // SampleFailedException if the path is not ours to take
 * try {
 *     Acceptor a = file.listen(at -> Acceptor.start(machine, "unix", at, ListenOptions.defaults(), handler));
 *     ...
 * } finally {
 *     file.release();
 * }
 * }</pre>
 *
 * <p>Thread safety: one thread at a time (a sample's main thread).
 */
public final class UnixSocketFile {
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Path path;
    private final Path bindPath;
    private Identity created;

    private UnixSocketFile(Path path) {
        this.path = path;
        // short, so that it fits the 108 bytes of a socket address wherever the path itself nearly does
        this.bindPath = path.resolveSibling("." + ProcessHandle.current().pid() + ".bind");
    }

    /**
     * Makes sure a socket may be bound at {@code path}: nothing is there, or a stale socket, which is removed.
     * Connects to a socket found there to tell a live one (it accepts, or its backlog is full) from a stale one
     * (the connection is refused). Does not follow symbolic links.
     *
     * @param path where the sample will listen
     * @return the claim, to listen with and to release at exit
     * @throws SampleFailedException with one line saying what is at the path, if it is anything but absent or
     *     a stale socket, or if the stale socket cannot be removed; the path is then left as it was
     */
    public static UnixSocketFile claim(Path path) {
        UnixSocketFile file = new UnixSocketFile(path);
        takeOver(path, path);
        takeOver(file.bindPath, path);  // left by a process of the same id that died while binding
        return file;
    }

    /** Makes sure nothing or a stale socket is at {@code at}, which is removed; errors name {@code shown}. */
    private static void takeOver(Path at, Path shown) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw refused(shown, "cannot look at " + at + " (" + reason(e) + ")");
        }
        String kind = kind(at, a);
        if (!kind.equals("a socket")) {
            throw refused(shown, (at.equals(shown) ? "it" : at.toString()) + " is " + kind
                    + ", not a socket; remove it or choose another path");
        }
        if (listening(at, shown)) {
            throw refused(shown, "another process listens on " + (at.equals(shown) ? "that socket" : at));
        }
        try {
            Files.delete(at);
        } catch (NoSuchFileException e) {
            // gone meanwhile: the path is free
        } catch (IOException e) {
            throw refused(shown, "cannot remove the stale socket " + at + " (" + reason(e) + ")");
        }
    }

    /**
     * Binds a listener for the path: {@code bind} listens on a private name beside it, then the socket is
     * hard-linked to the path (which fails, rather than replaces, if anything appeared there since the claim)
     * and the private name removed. Blocks while {@code bind} does.
     *
     * @param bind starts the listener on the address it is given (e.g. {@link Acceptor#start})
     * @return the listener, serving the path
     * @throws SampleFailedException if the listener cannot be bound (the message names the path), or if
     *     something appeared at the path meanwhile (the listener is then stopped)
     */
    public Acceptor listen(Function<UnixDomainSocketAddress, Acceptor> bind) {
        Acceptor a;
        try {
            a = bind.apply(UnixDomainSocketAddress.of(bindPath));
        } catch (SampleFailedException e) {
            throw new SampleFailedException(e.getMessage().replace(bindPath.toString(), path.toString()), e.getCause());
        }
        try {
            Files.createLink(path, bindPath);
            created = identity(path);
        } catch (IOException e) {
            a.stop(STOP_TIMEOUT);
            throw refused(path, e instanceof FileAlreadyExistsException ? "something else appeared there meanwhile"
                    : "cannot put the socket there (" + reason(e) + ")");
        } finally {
            try {
                Files.deleteIfExists(bindPath);
            } catch (IOException e) {
                // the listener's own close removes it too
            }
        }
        return a;
    }

    /**
     * Removes the socket file if it is still the one this process bound (not replaced, not moved away);
     * otherwise, or if nothing was bound, leaves the path alone. Never throws: the sample is exiting.
     */
    public void release() {
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

    /** @return what a file is, in words: "a socket", "a FIFO", "a directory", ... */
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
    private static boolean listening(Path path, Path shown) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.configureBlocking(false);  // a full backlog must not block the check: it is a live listener too
            ch.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw refused(shown, "cannot tell whether a process listens on the socket " + path + " (" + reason(e) + ")");
        }
    }

    /** @return the socket file at the path, or null if there is none */
    private static Identity identity(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isOther() ? new Identity(a.fileKey(), a.creationTime()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static SampleFailedException refused(Path path, String why) {
        return new SampleFailedException("cannot listen on " + path + ": " + why, null);
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
