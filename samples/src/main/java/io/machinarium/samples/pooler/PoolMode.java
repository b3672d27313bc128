package io.machinarium.samples.pooler;

/**
 * When a server connection goes back to its pool: when the client leaves ({@link #SESSION}), or after each
 * transaction, once the server says it is idle again ({@link #TRANSACTION}).
 */
enum PoolMode {
    /** A client keeps its server connection until it leaves; the connection is reset before the next client. */
    SESSION,
    /** A client holds a server connection only for the length of a transaction. */
    TRANSACTION
}
