package io.machinarium.samples.proxy;

import io.machinarium.core.DumpLimits;
import io.machinarium.core.Machinarium;
import io.machinarium.net.IoContext;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The proxy's admin listener: a tiny HTTP/1.1 responder, one request per connection, written directly
 * over an {@link IoContext}. {@code GET /metrics} answers the Prometheus text of the proxy's metrics,
 * {@code GET /coroutines} the dump of every coroutine, streamed as it is taken
 * ({@link Machinarium#dump(Duration, DumpLimits, java.util.function.Consumer)}). A client that goes away or
 * is too slow ends its connection with a {@code MachinariumException}, which the admin server takes quietly.
 * Thread safety: one instance serves every admin connection, each in its own coroutine.
 */
final class AdminServer {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_HEAD = 8192;
    /** How long a machine may take to answer one slice of the dump before it is reported as busy. */
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] CRLF = {'\r', '\n'};

    private final Machinarium runtime;
    private final Supplier<String> metrics;

    /**
     * Creates the responder.
     *
     * @param runtime the runtime whose coroutines {@code /coroutines} lists
     * @param metrics renders the text of {@code /metrics}
     */
    AdminServer(Machinarium runtime, Supplier<String> metrics) {
        this.runtime = runtime;
        this.metrics = metrics;
    }

    /**
     * Serves one admin connection: one request, one response. Blocks the calling coroutine.
     *
     * @param io the connection, attached to the calling machine; the caller closes it
     */
    void serve(IoContext io) {
        String head = readHead(io);
        if (head == null) {
            return;
        }
        String[] line = head.substring(0, head.indexOf('\n')).trim().split(" ");
        if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
            respond(io, "400 Bad Request", "text/plain", "bad request\n");
        } else if (!line[0].equals("GET")) {
            respond(io, "405 Method Not Allowed", "text/plain", "only GET\n");
        } else if (line[1].equals("/metrics")) {
            respond(io, "200 OK", "text/plain; version=0.0.4", metrics.get());
        } else if (line[1].equals("/coroutines")) {
            streamDump(io);
        } else {
            respond(io, "404 Not Found", "text/plain", "try /metrics or /coroutines\n");
        }
    }

    /** Reads up to the empty line that ends the request head; null if the client sent no whole head. */
    private static String readHead(IoContext io) {
        StringBuilder head = new StringBuilder();
        byte[] buf = new byte[1024];
        while (head.indexOf("\r\n\r\n") < 0 && head.indexOf("\n\n") < 0) {
            int n = io.readSome(buf, REQUEST_TIMEOUT);
            if (n < 0 || head.length() + n > MAX_HEAD) {
                return null;
            }
            head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return head.toString();
    }

    /**
     * Writes the coroutine dump as it is taken, one HTTP chunk per slice: the machines list their
     * coroutines a hundred at a time between their other work (at most {@link DumpLimits#DEFAULT} per
     * machine), so neither a large dump nor a slow admin client holds up the proxy's traffic.
     */
    private void streamDump(IoContext io) {
        io.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        runtime.dump(DUMP_TIMEOUT, DumpLimits.DEFAULT, text -> {
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            byte[] size = (Integer.toHexString(content.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            io.writev(null, Unpooled.wrappedBuffer(size), Unpooled.wrappedBuffer(content),
                    Unpooled.wrappedBuffer(CRLF));  // one flush per chunk; the context releases the buffers
        });
        io.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void respond(IoContext io, String status, String type, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "; charset=utf-8\r\nContent-Length: "
                + content.length + "\r\nConnection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + content.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(content, 0, all, h.length, content.length);
        io.write(all);
    }
}
