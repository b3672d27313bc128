package io.machinarium.net;

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
 * count: they are not leaks.
 */
public final class FdBalance implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FdBalance.class);

    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) {
            return -1;
        }
        int n = 0;
        for (String fd : fds) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd", fd)).toString();
                if (target.startsWith("socket:") || target.startsWith("pipe:") || target.startsWith("anon_inode:")) {
                    n++;
                }
            } catch (IOException e) {
                // closed while listing
            }
        }
        return n;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("fds", openFds());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        int before = context.getStore(NS).get("fds", Integer.class);
        long deadline = System.nanoTime() + 10_000_000_000L;
        int now = openFds();
        while (now > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.onSpinWait();
            now = openFds();
        }
        if (now > before) {
            throw new AssertionError(context.getDisplayName() + " left " + (now - before)
                    + " file descriptor(s) open (" + before + " before, " + now + " after)");
        }
    }
}
