package io.machinarium.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A TLS 1.3 client that, once connected, sends KeyUpdate after KeyUpdate and never reads: each one asks the
 * server to answer with a KeyUpdate of its own (update_requested), which the server can only queue. The
 * JDK's {@link SSLEngine} makes the records — {@code beginHandshake()} on a TLS 1.3 session produces a
 * KeyUpdate requesting an answer — over a plain blocking socket with a small receive buffer, so that the
 * answers pile up on the server soon.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
final class KeyUpdateFlood implements AutoCloseable {
    private final Socket socket;
    private final SSLEngine engine;
    private final OutputStream out;
    private final InputStream in;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer app;

    KeyUpdateFlood(SSLContext context, InetSocketAddress server, int receiveBuffer) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);  // before connecting, so that the window stays small
        socket.setSoTimeout((int) TlsTesting.T.toMillis());
        socket.connect(server, (int) TlsTesting.T.toMillis());
        out = socket.getOutputStream();
        in = socket.getInputStream();
        engine = context.createSSLEngine("localhost", server.getPort());
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        handshake();
    }

    private void handshake() throws IOException {
        engine.beginHandshake();
        for (SSLEngineResult.HandshakeStatus s = engine.getHandshakeStatus();
                s != SSLEngineResult.HandshakeStatus.FINISHED && s != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING; ) {
            switch (s) {
                case NEED_WRAP -> s = wrap();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    netIn.flip();
                    SSLEngineResult r = engine.unwrap(netIn, app);
                    netIn.compact();
                    app.clear();
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        int n = in.read(netIn.array(), netIn.position(), netIn.remaining());
                        if (n < 0) {
                            throw new SSLException("the server closed during the handshake");
                        }
                        netIn.position(netIn.position() + n);
                    }
                    s = r.getHandshakeStatus();
                }
                case NEED_TASK -> {
                    for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
                        t.run();
                    }
                    s = engine.getHandshakeStatus();
                }
                default -> throw new IllegalStateException("handshake status " + s);
            }
        }
    }

    private SSLEngineResult.HandshakeStatus wrap() throws IOException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), netOut);
        out.write(netOut.array(), 0, netOut.position());
        return r.getHandshakeStatus();
    }

    /**
     * Sends one KeyUpdate asking for an answer; blocks while the server does not read.
     *
     * @throws IOException once the server has closed the connection
     */
    void sendKeyUpdate() throws IOException {
        engine.beginHandshake();
        while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            wrap();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
