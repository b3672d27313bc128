package io.machinarium.tls;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.net.IoContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Upgrades an {@link IoContext} to TLS in place (machinarium's {@code machine_set_tls}). After a
 * successful upgrade the context's reads return decrypted bytes and its writes are encrypted; nothing
 * else about it changes (timeouts, readahead, migration, close).
 *
 * <pre>{@code
 * // server side of PostgreSQL's SSLRequest
 * byte[] request = io.readBytes(8, timeout);
 * io.write(new byte[] {'S'});
 * TlsSession s = Tls.upgrade(io, serverConfig, timeout);
 * }</pre>
 *
 * <p>Bytes the peer sent before the upgrade and that still sit unread in the context's readahead buffer
 * are handed to TLS, so a client that sends its ClientHello right behind a plaintext request loses
 * nothing. Read exactly the plaintext you expect before upgrading: any byte left unread is taken as TLS.
 *
 * <p>Thread: call it from a coroutine of the machine that owns the context, like every other call on
 * it. Buffers: none cross this API; the context's rules (a read's buffer belongs to the caller, a
 * written one to the context) hold unchanged after the upgrade. An upgraded context can still be
 * detached and attached to another machine: its TLS state travels with it.
 *
 * <p>Ending the stream: {@link IoContext#shutdownOutput(Duration)} sends close_notify, then the TCP FIN,
 * and reading goes on; {@link IoContext#close()} sends close_notify before closing. The peer's close_notify
 * ends reading ({@code readSome} returns null), with or without a FIN behind it. Whether this side can
 * still write after the peer's close_notify depends on the provider and version: see {@link TlsProvider}.
 *
 * <p>What a peer cannot do to an upgraded context: a client cannot renegotiate with a server (TLS 1.2): the
 * server closes the connection at the client's renegotiating ClientHello, and the server's next read or write
 * fails with {@link io.machinarium.core.IoFailedException} saying so. And a peer that keeps sending while it
 * reads nothing cannot make this side hold more than a bound of TLS's own replies to it (such as a
 * KeyUpdate answering each KeyUpdate request): past the write-buffer high-water mark
 * ({@link io.machinarium.net.IoOptions#writeHigh()}), or 64 KiB if that is less, of replies waiting for the
 * socket, the connection is closed and the next read or write fails with
 * {@link io.machinarium.core.IoFailedException} saying why. Either way the other connections go on.
 *
 * <p>TLS 1.3 note: a client's handshake completes before the server has checked the client's
 * certificate, so a server that rejects it (or gets none) makes the client's <em>next read</em> fail with
 * {@link io.machinarium.core.IoFailedException}, not this upgrade.
 *
 * @since 0.1.0
 */
public final class Tls {

    private Tls() {
    }

    /**
     * Runs the TLS handshake on {@code io} as the configuration's role, suspending the calling coroutine
     * until it completes. A client sends the configuration's server name (SNI) and checks it.
     *
     * @param io an open, bytes-mode context owned by the caller's machine, not yet upgraded
     * @param config client or server configuration
     * @param timeout how long the handshake may take; null waits forever
     * @return what the handshake agreed
     * @throws TlsHandshakeException if the handshake failed: {@link TlsHandshakeException#failure()} says
     *     why; the connection is closed. A server configuration also logs it, a few a minute at most
     * @throws TimedOutException if it did not complete in time; the connection is closed
     * @throws CancelledException if the coroutine is or gets cancelled; the connection is closed
     * @throws MisuseException if called outside the owning machine's coroutine, on a codec context, or on
     *     a context already upgraded
     */
    public static TlsSession upgrade(IoContext io, TlsConfig config, Duration timeout) {
        return upgrade(io, config, config.serverName(), timeout);
    }

    /**
     * Like {@link #upgrade(IoContext, TlsConfig, Duration)}, with the server name for this connection:
     * a client sends it in SNI (unless it is an address literal) and, verifying
     * {@link TlsVerify#PEER_AND_HOSTNAME}, checks the certificate against it. Ignored by a server.
     *
     * @param io an open context owned by the caller's machine
     * @param config client or server configuration
     * @param serverName the host name or address expected; null to use none (a client then resumes
     *     sessions only with the address and port it made them with; over a Unix socket, not at all)
     * @param timeout how long the handshake may take; null waits forever
     * @return what the handshake agreed
     * @throws TlsHandshakeException if the handshake failed; the connection is closed
     * @throws TimedOutException if it did not complete in time; the connection is closed
     * @throws CancelledException if the coroutine is or gets cancelled; the connection is closed
     * @throws MisuseException on misuse (see above), or a client verifying host names with no name
     */
    public static TlsSession upgrade(IoContext io, TlsConfig config, String serverName, Duration timeout) {
        Coroutine me = Coroutine.current();
        if (me == null) {
            throw new MisuseException("Tls.upgrade must be called inside a coroutine: IO contexts belong to machines.");
        }
        if (io.layer(TlsLayer.class) != null) {
            throw new MisuseException("this IO context is upgraded to TLS already.");
        }
        if (!config.isServer() && config.verify() == TlsVerify.PEER_AND_HOSTNAME && serverName == null) {
            throw new MisuseException("a TLS client verifying PEER_AND_HOSTNAME needs the server's name: set"
                    + " TlsConfig.Builder.serverName or pass it to Tls.upgrade.");
        }
        String peer = describe(io.remoteAddress(), serverName);
        try {
            Blocker.throwIfCancelled("TLS handshake with " + peer);
        } catch (CancelledException e) {
            io.close();
            throw e;
        }
        long deadline = Blocker.deadline(timeout);
        SslHandler handler = config.isServer() ? config.context().newHandler(io.alloc())
                : config.context().newHandler(io.alloc(), sessionHost(io.remoteAddress(), serverName),
                        io.remoteAddress() instanceof InetSocketAddress a ? a.getPort() : -1);
        handler.setHandshakeTimeoutMillis(0);  // the coroutine's deadline rules
        int highWater = io.socket().get(ChannelOption.WRITE_BUFFER_WATER_MARK).high();
        io.addLayer(new TlsLayer(io, handler, config.isServer(), UnreadReplyLimit.limitFor(highWater)));
        Future<Channel> done = handler.handshakeFuture();
        // Snapshot on the loop the moment the handshake completes: OpenSSL frees its session state once
        // the peer closes, which may happen before this coroutine runs again.
        AtomicReference<TlsSession> session = new AtomicReference<>();
        done.addListener(f -> {
            if (f.isSuccess()) {
                session.set(snapshot(config, handler));
            }
        });
        Blocker.Outcome o = Blocker.awaitFuture(done, deadline, "TLS handshake with " + peer);
        if (o != Blocker.Outcome.WOKEN) {
            abort(io);  // the connection is reset, as the Javadoc says
            o.orThrow("TLS handshake with", peer, timeout);
        }
        if (!done.isSuccess()) {
            TlsHandshakeException failed = TlsErrors.handshakeFailed(config, peer, done.cause());
            if (config.isServer()) {
                config.failureLog().record(failed);  // only the failing side knows why: the operator must hear it
            }
            abort(io);
            throw failed;
        }
        TlsSession s = session.get();
        return s != null ? s : snapshot(config, handler);
    }

    /** What the handshake agreed; a server that asked for no client certificate does not look for one. */
    private static TlsSession snapshot(TlsConfig config, SslHandler handler) {
        boolean peerMaySend = !config.isServer() || config.verify() != TlsVerify.NONE;
        return new TlsSession(config.isServer(), handler.engine().getSession(), handler.applicationProtocol(),
                config.certificateChain(), peerMaySend);
    }

    /**
     * The host a client engine is made with. Both providers key their client session caches (resumption)
     * on this host and the port, and send the host as SNI when it is a host name. With a server name that
     * is the name. Without one it is the address connected to, as a literal: never sent as SNI, and a
     * session is resumed only with the same address and port, where it was made. Passing no host at all,
     * as before, broke Netty 4.2's OpenSSL client cache: it keys a session on (null, port), and comparing
     * two such keys throws a NullPointerException — on TLS 1.3, whose servers send two session tickets, in
     * the first read after the handshake, and again in the finalizer that frees the context. A Unix socket
     * has no address to key on and no port: no host, so neither provider caches its sessions.
     */
    static String sessionHost(SocketAddress remote, String serverName) {
        if (serverName != null) {
            return serverName;
        }
        return remote instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress() : null;
    }

    private static void abort(IoContext io) {
        io.reset();  // at once, without waiting for unsent bytes: the handshake has failed
    }

    private static String describe(SocketAddress remote, String serverName) {
        return serverName != null ? serverName + " (" + remote + ")" : String.valueOf(remote);
    }
}
