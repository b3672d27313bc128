package io.machinarium.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which the process holds more sockets, pipes or event descriptors (epoll,
 * eventfd, timerfd) than before it. Files — the jars the class loader opens once and keeps — do not
 * count: they are not leaks. A class annotated {@link Unbalanced} is not checked.
 */
public final class FdBalance implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FdBalance.class);

    /** Exempts a test class whose library keeps connections of its own (the Docker client's pool). */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface Unbalanced {
        /** @return why the class cannot be checked */
        String value();
    }

    private static boolean exempt(ExtensionContext context) {
        return context.getTestClass().map(c -> c.isAnnotationPresent(Unbalanced.class)).orElse(false);
    }

    /**
     * Counts the sockets, pipes and event descriptors the process holds now (files do not count).
     *
     * @return the count, or -1 where {@code /proc/self/fd} cannot be read
     */
    public static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) {
            return -1;
        }
        java.util.Set<String> attach = attachListenerSockets();
        int n = 0;
        for (String fd : fds) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd", fd)).toString();
                if (attach.contains(target)) {
                    continue;
                }
                if (target.startsWith("socket:") || target.startsWith("pipe:") || target.startsWith("anon_inode:")) {
                    n++;
                }
            } catch (IOException e) {
                // closed while listing
            }
        }
        return n;
    }

    /**
     * The JVM's attach listener ({@code /tmp/.java_pid<pid>}), opened the first time a tool or an agent
     * attaches — Jazzer's fuzz tests attach theirs — and kept for the JVM's life: not a leak.
     */
    private static java.util.Set<String> attachListenerSockets() {
        java.util.Set<String> out = new java.util.HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && f[7].contains("/.java_pid")) {
                    out.add("socket:[" + f[6] + "]");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not available: count every socket
        }
        return out;
    }

    static String describe() {
        StringBuilder b = new StringBuilder();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6", "/proc/net/unix"}) {
            try {
                b.append(table).append(":\n").append(Files.readString(Path.of(table))).append('\n');
            } catch (IOException e) {
                // not available
            }
        }
        String[] fds = new File("/proc/self/fd").list();
        for (String fd : fds == null ? new String[0] : fds) {
            try {
                b.append(fd).append("->").append(Files.readSymbolicLink(Path.of("/proc/self/fd", fd))).append(' ');
            } catch (IOException e) {
                // closed while listing
            }
        }
        return b.toString();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (exempt(context)) {
            return;
        }
        // The JDK's socket code keeps one socket of its own, made the first time a SocketChannel opens
        // (the "pre-close" descriptor); open one now so that it is in the baseline.
        java.nio.channels.SocketChannel.open().close();
        context.getStore(NS).put("fds", openFds());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (exempt(context)) {
            return;
        }
        int before = context.getStore(NS).get("fds", Integer.class);
        // descriptors of unreachable channels close when the collector finds them: collect while waiting
        Await.holdsWithin(java.time.Duration.ofSeconds(10), () -> {
            if (openFds() <= before) {
                return true;
            }
            System.gc();
            return false;
        });
        int now = openFds();
        if (now > before) {
            System.err.println("open descriptors after " + context.getDisplayName() + ": " + describe());
            throw new AssertionError(context.getDisplayName() + " left " + (now - before)
                    + " file descriptor(s) open (" + before + " before, " + now + " after)");
        }
    }
}
