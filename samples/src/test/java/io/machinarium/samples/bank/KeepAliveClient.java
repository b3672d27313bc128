package io.machinarium.samples.bank;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A strict HTTP/1.1 keep-alive client for the bank's tests: one connection, one request at a time, and
 * a response that is not whole — cut off, or not HTTP — is a {@link BrokenResponseException}, never
 * mistaken for an answer.
 */
final class KeepAliveClient implements AutoCloseable {
    /** A whole response. */
    record Response(int status, boolean close, String body) {
    }

    /** A response that started but was cut off or garbled. */
    static final class BrokenResponseException extends IOException {
        private static final long serialVersionUID = 1L;

        BrokenResponseException(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    KeepAliveClient(int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Sends a request and reads its response.
     *
     * @return the response, or null if the server closed the connection before sending any byte of one
     * @throws BrokenResponseException if the response was cut off or is not HTTP/1.1
     */
    Response send(String method, String path, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: bank\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n";
        try {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
        } catch (IOException e) {
            return null;  // closed before the request went out: nothing was in flight
        }
        return read();
    }

    private Response read() throws IOException {
        String status = line(true);
        if (status == null) {
            return null;
        }
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new BrokenResponseException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String h = line(false); !h.isEmpty(); h = line(false)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("connection:")) {
                close = lower.contains("close");
            }
        }
        if (length < 0) {
            throw new BrokenResponseException("no Content-Length after " + status);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new BrokenResponseException("body cut off: " + body.length + " of " + length + " bytes after " + status);
        }
        return new Response(code, close, new String(body, StandardCharsets.UTF_8));
    }

    /** One CRLF-terminated line; null at a clean end before any byte if {@code first}. */
    private String line(boolean first) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (;;) {
            int c;
            try {
                c = in.read();
            } catch (java.net.SocketException e) {  // reset
                c = -1;
            }
            if (c < 0) {
                if (first && b.size() == 0) {
                    return null;
                }
                throw new BrokenResponseException("response cut off after '" + b + "'");
            }
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
    }

    /** @return true once the server has closed the connection (waits up to the socket timeout) */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
