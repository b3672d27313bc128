package io.machinarium.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The hello server in the JDK's own blocking style: a virtual thread per connection on
 * {@code java.net} sockets. Started with {@code -Djdk.virtualThreadScheduler.parallelism=1} (one carrier,
 * like one event loop).
 */
final class VirtualThreadHello {
    private VirtualThreadHello() {
    }

    /**
     * Serves on 127.0.0.1:{@code port} until the process ends; blocks the calling thread forever.
     *
     * @param port the port
     * @throws IOException if the port cannot be bound
     * @throws InterruptedException if interrupted while serving
     */
    static void serve(int port) throws IOException, InterruptedException {
        ServerSocket server = new ServerSocket(port, Hello.BACKLOG, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("acceptor").start(() -> {
            try (server) {
                for (;;) {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> connection(s));
                }
            } catch (IOException e) {
                throw new IllegalStateException("accept failed", e);
            }
        }).join();
    }

    private static void connection(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            RequestCounter requests = new RequestCounter();
            byte[] buf = new byte[4096];
            for (int got = in.read(buf); got >= 0; got = in.read(buf)) {
                int n = requests.feed(buf, got);
                if (n == 1) {
                    out.write(Hello.RESPONSE);
                } else if (n > 1) {
                    byte[] many = new byte[n * Hello.RESPONSE.length];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(Hello.RESPONSE, 0, many, i * Hello.RESPONSE.length, Hello.RESPONSE.length);
                    }
                    out.write(many);
                }
            }
        } catch (IOException e) {
            // the client reset the connection (wrk does at the end of a run)
        }
    }
}
