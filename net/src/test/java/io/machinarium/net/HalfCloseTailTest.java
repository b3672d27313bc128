package io.machinarium.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer that half-closes after a long upload and then reads the echo slowly gets every byte back and
 * then a clean end: the server's end of input must not cut its pending output short.
 */
class HalfCloseTailTest {
    private static final Duration T = Duration.ofSeconds(60);

    @Test
    void aSlowReaderThatHalfClosedGetsTheWholeEchoBack() throws Exception {
        int size = 48 << 20;
        try (Machinarium rt = Runtimes.start(2)) {
            CompletableFuture<SocketAddress> addr = new CompletableFuture<>();
            CompletableFuture<String> serverEnd = new CompletableFuture<>();
            Coroutine server = rt.machine(0).spawn(() -> {
                try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                    addr.complete(l.localAddress());
                    try (IoContext io = l.accept(T)) {
                        long echoed = 0;
                        try {
                            for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
                                echoed += b.readableBytes();
                                io.write(b);
                            }
                            serverEnd.complete("eof after " + echoed);
                        } catch (RuntimeException e) {
                            java.io.StringWriter w = new java.io.StringWriter();
                            e.printStackTrace(new java.io.PrintWriter(w));
                            serverEnd.complete("failed after " + echoed + ": " + w);
                            throw e;
                        }
                    }
                }
            });
            InetSocketAddress a = (InetSocketAddress) addr.get(T.toSeconds(), TimeUnit.SECONDS);
            try (Socket s = new Socket(a.getAddress(), a.getPort())) {
                s.setReceiveBufferSize(64 * 1024);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                CompletableFuture<Long> back = CompletableFuture.supplyAsync(() -> {
                    long got = 0;
                    byte[] buf = new byte[64 * 1024];
                    try {
                        for (int n; (n = in.read(buf)) > 0;) {
                            got += n;
                            // kept: a reader slower than the writer in real time, so the send buffers fill
                            Thread.sleep(1);
                        }
                    } catch (Exception e) {
                        throw new RuntimeException("after " + got + " bytes", e);
                    }
                    return got;
                });
                byte[] chunk = new byte[64 * 1024];
                for (int off = 0; off < size; off += chunk.length) {
                    out.write(chunk);
                }
                s.shutdownOutput();
                long got = back.get(T.toSeconds(), TimeUnit.SECONDS);
                assertThat(got).as(serverEnd.get(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(size);
            }
            server.join(T);
        }
    }
}
