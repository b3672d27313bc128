package io.machinarium.samples.pooler;

import io.machinarium.net.IoContext;
import io.machinarium.tls.Tls;
import io.machinarium.tls.TlsConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The first packets of a client connection, which have a length but no type byte: an {@code SSLRequest}
 * (answered {@code S} and the connection upgraded in place with {@link Tls#upgrade}, or {@code N} when the
 * pooler has no certificate), a {@code GSSENCRequest} (answered {@code N}), then either a
 * {@code CancelRequest} or the startup message with its parameters. A packet shorter than 8 bytes or longer
 * than {@link Wire#MAX_STARTUP}, a parameter list that is not NUL-terminated pairs, a startup message without
 * a user, or a second {@code SSLRequest} is a {@link ProtocolException}; a protocol other than 3.0 a
 * {@link PoolerException}.
 */
final class Startup {
    /** What a client opened with. */
    sealed interface Opening permits Login, Cancel {
    }

    /**
     * A startup message.
     *
     * @param params its parameters as sent, {@code user} and {@code database} among them
     * @param tls whether the connection was upgraded to TLS first
     */
    record Login(Map<String, String> params, boolean tls) implements Opening {
        /** {@return the user to log in as} */
        String user() {
            return params.get("user");
        }

        /** {@return the database: the {@code database} parameter, or the user's name as PostgreSQL does} */
        String database() {
            String db = params.get("database");
            return db == null || db.isEmpty() ? user() : db;
        }
    }

    /**
     * A {@code CancelRequest}: the key the pooler gave the client in its {@code BackendKeyData}.
     *
     * @param pid the process id part
     * @param secret the secret part
     */
    record Cancel(int pid, int secret) implements Opening {
    }

    private Startup() {
    }

    /**
     * Reads the client's opening packets, answering SSL and GSS encryption requests. Blocks the calling
     * coroutine.
     *
     * @param io the client's connection, attached to the calling machine
     * @param tls the pooler's TLS towards clients, or null to refuse TLS ({@code N})
     * @param timeout how long the whole opening, TLS handshake included, may take
     * @return the login or the cancel request
     * @throws ProtocolException for a malformed or oversized packet
     * @throws PoolerException for an unsupported protocol version
     * @throws io.machinarium.tls.TlsHandshakeException if the TLS handshake fails (the connection is closed)
     * @throws io.machinarium.core.TimedOutException if the client is too slow (bytes it sent stay unread)
     */
    static Opening read(IoContext io, TlsConfig tls, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean upgraded = false;
        for (;;) {
            ByteBuf head = io.read(4, left(deadline));
            int length = head.readInt();
            head.release();
            if (length < 8 || length > Wire.MAX_STARTUP) {
                throw new ProtocolException("invalid length of startup packet: " + length);
            }
            byte[] body = io.readBytes(length - 4, left(deadline));
            int code = Frame.int32(body, 0);
            switch (code) {
                case Wire.SSL_REQUEST -> {
                    if (length != 8 || upgraded) {
                        throw new ProtocolException(upgraded ? "SSLRequest on a connection upgraded to TLS already"
                                : "invalid length of SSLRequest: " + length);
                    }
                    io.write(Unpooled.wrappedBuffer(new byte[] {(byte) (tls != null ? 'S' : 'N')}));
                    if (tls != null) {
                        Tls.upgrade(io, tls, left(deadline));
                        upgraded = true;
                    }
                }
                case Wire.GSSENC_REQUEST -> {
                    if (length != 8) {
                        throw new ProtocolException("invalid length of GSSENCRequest: " + length);
                    }
                    io.write(Unpooled.wrappedBuffer(new byte[] {'N'}));
                }
                case Wire.CANCEL_REQUEST -> {
                    if (length != 16) {
                        throw new ProtocolException("invalid length of CancelRequest: " + length);
                    }
                    return new Cancel(Frame.int32(body, 4), Frame.int32(body, 8));
                }
                case Wire.PROTOCOL_3 -> {
                    return new Login(parameters(body), upgraded);
                }
                default -> throw new PoolerException(Wire.FEATURE_NOT_SUPPORTED, "bad_startup",
                        "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
                                + ": the pooler speaks 3.0");
            }
        }
    }

    /**
     * Parses the parameters of a startup message: NUL-terminated name and value pairs, then one more NUL.
     *
     * @param body the packet after its length, the protocol code first
     * @return the parameters in order; names as sent
     * @throws ProtocolException if the layout is wrong or there is no user
     */
    static Map<String, String> parameters(byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 4;
        for (;;) {
            if (i >= body.length) {
                throw new ProtocolException("invalid startup packet layout: expected terminator as last byte");
            }
            if (body[i] == 0) {
                if (i != body.length - 1) {
                    throw new ProtocolException("invalid startup packet layout: bytes after the terminator");
                }
                break;
            }
            int nameEnd = Frame.indexOf(body, i);
            int valueEnd = nameEnd < 0 ? -1 : Frame.indexOf(body, nameEnd + 1);
            if (valueEnd < 0) {
                throw new ProtocolException("invalid startup packet layout: a parameter without its value");
            }
            String name = new String(body, i, nameEnd - i, StandardCharsets.UTF_8);
            String value = new String(body, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8);
            params.put(name, value);
            i = valueEnd + 1;
        }
        String user = params.get("user");
        if (user == null || user.isEmpty()) {
            throw new ProtocolException("no PostgreSQL user name specified in startup packet");
        }
        if (params.containsKey("replication")
                && !params.get("replication").toLowerCase(Locale.ROOT).matches("false|off|no|0")) {
            throw new PoolerException(Wire.FEATURE_NOT_SUPPORTED, "bad_startup",
                    "replication connections are not pooled");
        }
        return params;
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }
}
