package io.machinarium.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import javax.net.ssl.SSLException;

/**
 * Refuses a TLS 1.2 client's renegotiation on a server, before the TLS engine does any work for it. The
 * JDK provider renegotiates whenever a client asks, a full handshake each time (measured: 500 in 3.3 s at
 * 7 ms of server CPU each), and the JDK's only switch, {@code jdk.tls.rejectClientInitiatedRenegotiation},
 * is a system property read once per JVM: it would change every other TLS user of the process, and it is
 * ignored if set after the first handshake. BoringSSL never renegotiates as a server; with this guard both
 * providers refuse the same way.
 *
 * <p>How it knows: it reads the TLS record headers (never the encrypted content) of what the client sends.
 * A client sends exactly one handshake record after its ChangeCipherSpec: its Finished in TLS 1.2, or, in
 * TLS 1.3 after a HelloRetryRequest, its second ClientHello (the compatibility ChangeCipherSpec may come
 * before it); everything later in TLS 1.3 is an application-data record. So a second handshake record
 * after a ChangeCipherSpec is a ClientHello renegotiating. This holds however the bytes are split into
 * reads, and needs no knowledge of the engine's state.
 *
 * <p>On that record the bytes before it go on to TLS (nothing the client sent earlier is lost), the rest is
 * dropped, an {@link SSLException} saying why reaches the IO context (its next read or write fails with
 * {@link io.machinarium.core.IoFailedException}), and the connection is closed. Bytes that are not TLS
 * records make it stop watching: the TLS handler refuses those itself.
 *
 * <p>Thread: the channel's event loop. Buffers: passes inbound buffers on unchanged, or releases them.
 */
final class RenegotiationGuard extends ChannelInboundHandlerAdapter {
    static final String NAME = "machinarium-tls-renegotiation";
    private static final int HEADER = 5;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int HANDSHAKE = 22;
    private static final int HEARTBEAT = 24;

    private final byte[] header = new byte[HEADER];
    private int headerFill;
    private int bodyLeft;
    private boolean changedCipherSpec;
    private int handshakesAfterChange;
    private boolean watching = true;
    private boolean refused;

    /**
     * A guard for one connection; it goes right in front of the server's TLS handler (the TLS layer puts it
     * there), and sees the stream from its first byte, the bytes read ahead before the upgrade included, so
     * that it knows where records begin.
     */
    RenegotiationGuard() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!watching || !(msg instanceof ByteBuf b)) {
            ctx.fireChannelRead(msg);
            return;
        }
        int renegotiationAt = scan(b);
        if (renegotiationAt < 0) {
            ctx.fireChannelRead(b);
            return;
        }
        refused = true;
        if (renegotiationAt > b.readerIndex()) {
            ctx.fireChannelRead(b.retainedSlice(b.readerIndex(), renegotiationAt - b.readerIndex()));
        }
        b.release();
        ctx.fireExceptionCaught(new SSLException("the client tried to renegotiate the TLS session, which this server"
                + " refuses (a renegotiation makes the server redo the work of a full handshake on the client's"
                + " demand); the connection is closed"));
        ctx.close();
    }

    /**
     * Walks the record headers in {@code b}, carrying a header or body split across reads over to the next.
     *
     * @return the index in {@code b} where the renegotiating record's header starts (its reader index if the
     *     header began in an earlier read), or -1 if there is none
     */
    private int scan(ByteBuf b) {
        int i = b.readerIndex();
        int end = b.writerIndex();
        while (i < end) {
            if (bodyLeft > 0) {
                int skip = Math.min(bodyLeft, end - i);
                i += skip;
                bodyLeft -= skip;
                continue;
            }
            int headerStart = i - headerFill;
            while (headerFill < HEADER && i < end) {
                header[headerFill++] = b.getByte(i++);
            }
            if (headerFill < HEADER) {
                return -1;
            }
            headerFill = 0;
            int type = header[0] & 0xff;
            if (type < CHANGE_CIPHER_SPEC || type > HEARTBEAT || header[1] != 3) {
                watching = false;  // not a TLS record: the TLS handler says so to the peer
                return -1;
            }
            if (type == CHANGE_CIPHER_SPEC) {
                changedCipherSpec = true;
            } else if (type == HANDSHAKE && changedCipherSpec && ++handshakesAfterChange > 1) {
                return Math.max(headerStart, b.readerIndex());
            }
            bodyLeft = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        }
        return -1;
    }
}
