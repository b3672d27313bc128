package io.machinarium.samples.pooler;

/**
 * What the pooler tells a client before it closes it, as {@code FATAL}: a pool exhausted after its wait
 * timeout, a server that cannot be reached, a failed login. Carries the SQLSTATE and the metric's error kind.
 */
final class PoolerException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlstate;
    private final String kind;
    private final transient Frame serverError;

    /**
     * @param sqlstate the code the client gets
     * @param kind the error kind counted ({@code pooler_errors_total{kind=...}})
     * @param message the message the client gets
     */
    PoolerException(String sqlstate, String kind, String message) {
        this(sqlstate, kind, message, null);
    }

    /** A server's own {@code ErrorResponse}, to pass to the client unchanged. */
    PoolerException(String kind, Frame serverError) {
        this(serverError.field('C'), kind, serverError.field('M'), serverError);
    }

    private PoolerException(String sqlstate, String kind, String message, Frame serverError) {
        super(message);
        this.sqlstate = sqlstate != null ? sqlstate : Wire.CONNECTION_FAILURE;
        this.kind = kind;
        this.serverError = serverError;
    }

    String sqlstate() {
        return sqlstate;
    }

    String kind() {
        return kind;
    }

    /** {@return the message for the client: the server's own {@code ErrorResponse}, or the pooler's FATAL} */
    io.netty.buffer.ByteBuf toClient() {
        return serverError != null ? serverError.encode() : Wire.fatal(sqlstate, "pooler: " + getMessage());
    }
}
