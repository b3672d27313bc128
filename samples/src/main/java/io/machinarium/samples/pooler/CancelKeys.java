package io.machinarium.samples.pooler;

import io.machinarium.core.MachinariumException;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.machinarium.tls.Tls;
import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keys the pooler gives its clients in {@code BackendKeyData}, and the forwarding of a
 * {@code CancelRequest}: the pooler's key names a client, and the request goes, with the server's own key, to the
 * server connection that client is linked to at that moment — the one running its query — over a new
 * connection, as PostgreSQL expects it. A key of a client that has no server connection now, or an unknown one,
 * is dropped (PostgreSQL answers nothing to a cancel request either). The pooler cannot pass the server's key
 * on: a server connection serves many clients, and one of them could cancel another's query.
 *
 * <p>Thread safety: any thread; a cancel request arrives on any machine.
 */
final class CancelKeys {
    private final Map<Long, Link> links = new ConcurrentHashMap<>();
    private final AtomicInteger nextPid = new AtomicInteger(1);
    private final SecureRandom random = new SecureRandom();

    /**
     * @param link a client's relay
     * @return its key: {@code pid} in the upper half, the secret in the lower
     */
    long register(Link link) {
        for (;;) {
            int pid = nextPid.getAndIncrement() & Integer.MAX_VALUE;
            long key = (long) pid << 32 | (random.nextInt() & 0xffffffffL);
            if (pid != 0 && links.putIfAbsent(key, link) == null) {
                return key;
            }
        }
    }

    /** @param key a key from {@link #register}, whose client has left */
    void unregister(long key) {
        links.remove(key);
    }

    /**
     * Forwards a cancel request to the server connection the key's client uses now. Blocks the calling coroutine
     * while connecting (bounded by the connect timeout).
     *
     * @param cancel the request
     * @param settings where the server is
     * @return true if it was forwarded
     */
    boolean forward(Startup.Cancel cancel, PoolerSettings settings) {
        Link link = links.get((long) cancel.pid() << 32 | (cancel.secret() & 0xffffffffL));
        ServerConnection s = link != null ? link.server() : null;
        if (s == null) {
            return false;
        }
        try (IoContext io = IoContext.connect(settings.backend().host(), settings.backend().port(),
                settings.connectTimeout(), IoOptions.defaults())) {
            if (settings.backendTls() != null) {
                io.write(Wire.sslRequest());
                ByteBuf a = io.read(1, settings.connectTimeout());
                boolean yes = a.readByte() == 'S';
                a.release();
                if (!yes) {
                    return false;
                }
                Tls.upgrade(io, settings.backendTls(), settings.backend().host(), settings.connectTimeout());
            }
            io.write(Wire.cancelRequest(s.pid(), s.secret()));
            return true;
        } catch (MachinariumException e) {
            return false;
        }
    }
}
