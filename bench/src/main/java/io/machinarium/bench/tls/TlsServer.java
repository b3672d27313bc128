package io.machinarium.bench.tls;

import io.machinarium.bench.http.RequestCounter;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.Machine;
import io.machinarium.net.IoContext;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.Listener;
import io.machinarium.tls.Tls;
import io.machinarium.tls.TlsConfig;
import io.machinarium.tls.TlsProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Our TLS server process, speaking what {@code openssl s_server -WWW} speaks to {@code openssl s_time}:
 * {@code TlsServer --provider openssl|jdk --port P --cert C --key K --bytes N}. One machine, a coroutine
 * per connection: handshake ({@link Tls#upgrade}), then, if the client sends a request head, answer
 * {@code HTTP/1.0 200 ok} and N bytes and close; a client that closes after the handshake just ends the
 * connection. Serves until the process is killed.
 */
public final class TlsServer {
    private static final Duration HANDSHAKE = Duration.ofSeconds(10);
    private static final byte[] HEAD = "HTTP/1.0 200 ok\r\nContent-type: text/plain\r\n\r\n".getBytes();
    private static final ByteBuf CHUNK = Unpooled.unreleasableBuffer(Unpooled.directBuffer(16 * 1024)
            .writeZero(16 * 1024));

    private TlsServer() {
    }

    /**
     * Parses the options and serves; never returns normally.
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        String provider = "openssl";
        int port = -1;
        String cert = null;
        String key = null;
        long bytes = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--provider" -> provider = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--cert" -> cert = args[i + 1];
                case "--key" -> key = args[i + 1];
                case "--bytes" -> bytes = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        TlsConfig config = TlsConfig.server(Path.of(cert), Path.of(key))
                .provider(provider.equals("jdk") ? TlsProvider.JDK : TlsProvider.OPENSSL).build();
        long body = bytes;
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build())) {
            rt.machine(0).spawn("acceptor", () -> {
                try (Listener l = Listener.bind(at, ListenOptions.defaults().withBacklog(1024))) {
                    for (;;) {
                        IoContext io = l.accept(null);
                        Machine.current().spawn(() -> connection(io, config, body));
                    }
                }
            }).join();
        }
    }

    private static void connection(IoContext io, TlsConfig config, long body) {
        try (io) {
            Tls.upgrade(io, config, HANDSHAKE);
            if (!requestHead(io)) {
                return;
            }
            io.write(HEAD);
            for (long sent = 0; sent < body; sent += CHUNK.readableBytes()) {
                io.queue(CHUNK.duplicate(), null);
            }
            io.drain(null);
        } catch (MachinariumException e) {
            // s_time closes without close_notify, or resets; each connection ends on its own
        }
    }

    /** Reads up to the blank line ending a request head; false if the client closed first. */
    private static boolean requestHead(IoContext io) {
        RequestCounter heads = new RequestCounter();
        for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
            try {
                if (heads.feed(b) > 0) {
                    return true;
                }
            } finally {
                b.release();
            }
        }
        return false;
    }
}
