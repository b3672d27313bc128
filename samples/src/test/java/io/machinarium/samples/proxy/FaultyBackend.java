package io.machinarium.samples.proxy;

import io.machinarium.samples.Clients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend for the proxy's fault tests, on a free loopback port, serving any number of connections, a
 * thread each (platform threads: the JDK's virtual-thread pollers would hold descriptors for the JVM's life
 * and upset {@link io.machinarium.core.testing.FdBalance}). Each connection's first line names how it
 * behaves; the backend answers with its own name and a newline (except when told to stall), then:
 * <ul>
 * <li>{@code ECHO}: sends back every byte until the end of input, then closes;</li>
 * <li>{@code RESET}: sends {@link #RESET_AFTER} bytes, then resets the connection (SO_LINGER 0);</li>
 * <li>{@code HALF}: sends {@code bye}, shuts its output, then counts what it reads until the end
 *     ({@link #readAfterHalfClose});</li>
 * <li>{@code STALL}: never answers; waits for the proxy to close the connection.</li>
 * </ul>
 * {@link #die()} resets every open connection at once, as a killed process would.
 */
final class FaultyBackend implements AutoCloseable {
    /** Bytes a RESET connection sends before it resets. */
    static final int RESET_AFTER = 64 * 1024;

    private final String name;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty backend");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong readAfterHalfClose = new AtomicLong();

    FaultyBackend(String name) throws IOException {
        this.name = name;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** @return where it listens */
    int port() {
        return server.getLocalPort();
    }

    /** @return connections open now */
    int openConnections() {
        return open.size();
    }

    /** @return bytes that HALF connections read after shutting their output */
    long readAfterHalfClose() {
        return readAfterHalfClose.get();
    }

    /** Resets every open connection at once (the listening socket stays, as if restarted at once). */
    void die() {
        for (Socket s : open) {
            reset(s);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;  // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout((int) Clients.T.toMillis() * 2);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String mode = readLine(in);
            if (mode.equals("STALL")) {
                in.read();  // blocks: the client sends nothing more, so this ends when the proxy closes
                return;
            }
            out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            switch (mode) {
                case "ECHO" -> in.transferTo(out);
                case "RESET" -> {
                    out.write(new byte[RESET_AFTER]);
                    out.flush();
                    reset(s);
                }
                case "HALF" -> {
                    out.write("bye".getBytes(StandardCharsets.UTF_8));
                    s.shutdownOutput();
                    readAfterHalfClose.addAndGet(in.transferTo(OutputStream.nullOutputStream()));
                }
                default -> throw new IOException("unknown mode " + mode);
            }
        } catch (IOException e) {
            // reset by the test or the peer
        } finally {
            open.remove(s);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("no mode line");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (SocketException e) {
            // closed already
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        die();
        threads.shutdownNow();
    }
}
