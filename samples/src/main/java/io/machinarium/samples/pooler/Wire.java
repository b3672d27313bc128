package io.machinarium.samples.pooler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The PostgreSQL v3 wire format where the pooler writes messages itself: the codes of the startup packets,
 * and builders of the messages it sends to clients (authentication requests, {@code ParameterStatus},
 * {@code BackendKeyData}, {@code ReadyForQuery}, {@code ErrorResponse}) and to servers (the startup message,
 * {@code SSLRequest}, {@code CancelRequest}, password messages, {@code Query}, {@code Terminate}). Every builder
 * returns a new heap buffer that the caller hands to a write (which then owns it). Any thread.
 */
final class Wire {
    /** Protocol 3.0 in a startup message. */
    static final int PROTOCOL_3 = 196608;
    /** The code of an {@code SSLRequest}. */
    static final int SSL_REQUEST = 80877103;
    /** The code of a {@code GSSENCRequest}. */
    static final int GSSENC_REQUEST = 80877104;
    /** The code of a {@code CancelRequest}. */
    static final int CANCEL_REQUEST = 80877102;
    /** The longest startup packet a server accepts (PostgreSQL's {@code MAX_STARTUP_PACKET_LENGTH}). */
    static final int MAX_STARTUP = 10_000;

    /** Authentication request codes ({@code R} messages). */
    static final int AUTH_OK = 0;
    static final int AUTH_CLEARTEXT = 3;
    static final int AUTH_MD5 = 5;
    static final int AUTH_SASL = 10;
    static final int AUTH_SASL_CONTINUE = 11;
    static final int AUTH_SASL_FINAL = 12;

    /** SQLSTATE codes of the pooler's own errors. */
    static final String PROTOCOL_VIOLATION = "08P01";
    static final String CONNECTION_FAILURE = "08006";
    static final String TOO_MANY_CONNECTIONS = "53300";
    static final String INVALID_PASSWORD = "28P01";
    static final String INVALID_AUTHORIZATION = "28000";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String ADMIN_SHUTDOWN = "57P01";

    private Wire() {
    }

    /** A message under construction: a type byte (or none, for startup packets), then its fields. */
    static final class Builder {
        private final ByteBuf buf = Unpooled.buffer(64);
        private final int lengthAt;

        Builder(char type) {
            if (type != 0) {
                buf.writeByte(type);
            }
            lengthAt = buf.writerIndex();
            buf.writeInt(0);
        }

        Builder int32(int v) {
            buf.writeInt(v);
            return this;
        }

        Builder int8(int v) {
            buf.writeByte(v);
            return this;
        }

        Builder bytes(byte[] b) {
            buf.writeBytes(b);
            return this;
        }

        /** A C string: UTF-8 bytes and a NUL. */
        Builder cstring(String s) {
            buf.writeCharSequence(s, StandardCharsets.UTF_8);
            buf.writeByte(0);
            return this;
        }

        ByteBuf build() {
            buf.setInt(lengthAt, buf.writerIndex() - lengthAt);
            return buf;
        }
    }

    static ByteBuf authRequest(int code, byte[] data) {
        return new Builder('R').int32(code).bytes(data).build();
    }

    static ByteBuf authOk() {
        return authRequest(AUTH_OK, new byte[0]);
    }

    static ByteBuf parameterStatus(String name, String value) {
        return new Builder('S').cstring(name).cstring(value).build();
    }

    static ByteBuf backendKeyData(int pid, int secret) {
        return new Builder('K').int32(pid).int32(secret).build();
    }

    static ByteBuf readyForQuery(char status) {
        return new Builder('Z').int8(status).build();
    }

    /**
     * An {@code ErrorResponse}.
     *
     * @param severity {@code FATAL} (the connection ends) or {@code ERROR}
     * @param sqlstate the five-character code
     * @param message the primary message, in the pooler's words
     */
    static ByteBuf error(String severity, String sqlstate, String message) {
        return new Builder('E').int8('S').cstring(severity).int8('V').cstring(severity).int8('C').cstring(sqlstate)
                .int8('M').cstring(message).int8(0).build();
    }

    /** A {@code FATAL} {@code ErrorResponse}: what the pooler sends before it closes a client. */
    static ByteBuf fatal(String sqlstate, String message) {
        return error("FATAL", sqlstate, message);
    }

    /** A startup message: protocol 3.0 and the parameters, {@code user} and {@code database} among them. */
    static ByteBuf startup(Map<String, String> params) {
        Builder b = new Builder((char) 0).int32(PROTOCOL_3);
        params.forEach((k, v) -> b.cstring(k).cstring(v));
        return b.int8(0).build();
    }

    static ByteBuf sslRequest() {
        return new Builder((char) 0).int32(SSL_REQUEST).build();
    }

    static ByteBuf cancelRequest(int pid, int secret) {
        return new Builder((char) 0).int32(CANCEL_REQUEST).int32(pid).int32(secret).build();
    }

    /** A {@code PasswordMessage} ({@code p}) holding a C string: a cleartext or md5 password. */
    static ByteBuf password(String text) {
        return new Builder('p').cstring(text).build();
    }

    /** A {@code SASLInitialResponse}: the mechanism and the client's first message. */
    static ByteBuf saslInitial(String mechanism, byte[] data) {
        return new Builder('p').cstring(mechanism).int32(data.length).bytes(data).build();
    }

    /** A {@code SASLResponse}: the client's next message. */
    static ByteBuf saslResponse(byte[] data) {
        return new Builder('p').bytes(data).build();
    }

    static ByteBuf query(String sql) {
        return new Builder('Q').cstring(sql).build();
    }

    static ByteBuf terminate() {
        return new Builder('X').build();
    }
}
