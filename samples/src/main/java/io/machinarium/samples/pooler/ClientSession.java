package io.machinarium.samples.pooler;

import io.machinarium.core.MachinariumException;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.IoContext;
import io.machinarium.tls.TlsHandshakeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One client's life in the pooler, on a worker machine: its opening ({@link Startup}: TLS, a cancel request or
 * the startup message), its authentication (against the users file, or none), a server connection from the
 * pool of its (database, user) (logged in with passthrough authentication when the pool has no idle one and
 * there is no users file), the pooler's welcome — {@code AuthenticationOk}, the server's settings, the pooler's
 * own cancel key, {@code ReadyForQuery} — and then the {@link Link}. Every failure the client should hear of
 * reaches it as an {@code ErrorResponse} before it is closed. Thread safety: one instance serves every client;
 * {@link #serve} runs in each client's own coroutine.
 */
final class ClientSession {
    /** How long a client may take to open: TLS handshake, startup message and authentication each. */
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(15);

    private final PoolerSettings settings;
    private final PoolerMetrics metrics;
    private final CancelKeys cancels;
    private final Object poolsKey;

    /**
     * @param settings the pooler's settings
     * @param metrics its metrics
     * @param cancels its cancel keys
     * @param poolsKey what keys this pooler's pools on each machine
     */
    ClientSession(PoolerSettings settings, PoolerMetrics metrics, CancelKeys cancels, Object poolsKey) {
        this.settings = settings;
        this.metrics = metrics;
        this.cancels = cancels;
        this.poolsKey = poolsKey;
    }

    /**
     * Serves one client until it leaves. Blocks the calling coroutine.
     *
     * @param client the client's connection, attached to the calling machine; the caller closes it
     * @throws io.machinarium.core.CancelledException if the coroutine is cancelled (the pooler stops)
     */
    void serve(IoContext client) {
        Startup.Opening opening;
        try {
            opening = Startup.read(client, settings.clientTls(), LOGIN_TIMEOUT);
        } catch (ProtocolException e) {
            refuse(client, new PoolerException(Wire.PROTOCOL_VIOLATION, "bad_startup", e.getMessage()));
            return;
        } catch (PoolerException e) {
            refuse(client, e);
            return;
        } catch (TlsHandshakeException | TimedOutException e) {
            metrics.error(e instanceof TimedOutException ? "client_timeout" : "client_tls");
            return;
        } catch (MachinariumException e) {
            return;  // the client went away before it said anything
        }
        if (opening instanceof Startup.Cancel cancel) {
            metrics.error(cancels.forward(cancel, settings) ? "cancel_forwarded" : "cancel_unknown");
            return;
        }
        Startup.Login login = (Startup.Login) opening;
        metrics.clientsActive(1);
        try {
            session(client, login);
        } catch (PoolerException e) {
            refuse(client, e);
        } catch (ProtocolException e) {
            refuse(client, new PoolerException(Wire.PROTOCOL_VIOLATION, "protocol", e.getMessage()));
        } catch (TimedOutException e) {
            metrics.error("client_timeout");
        } finally {
            metrics.clientsActive(-1);
        }
    }

    private void session(IoContext client, Startup.Login login) {
        UserList.User user = settings.users() == null ? null
                : ClientAuth.authenticate(client, settings.users(), login.user(), LOGIN_TIMEOUT);
        Pool pool = Pools.of(settings, metrics, poolsKey).pool(new Pool.Key(login.database(), login.user()));
        ServerConnection first = take(pool, user, settings.mode() == PoolMode.SESSION ? client : null, login.params());
        Map<String, String> params = new TreeMap<>(first.params());
        if (settings.mode() == PoolMode.TRANSACTION) {
            pool.give(first);  // it only told the client what the server is like
            first = null;
        }
        Link link = new Link(client, first, settings.mode(), () -> take(pool, user, null, login.params()), metrics);
        long key = cancels.register(link);
        try {
            welcome(client, params, key);
            link.run();
        } finally {
            cancels.unregister(key);
        }
    }

    /** A connection of the pool, idle, logged in and with the client's settings; opened if the pool has room. */
    private ServerConnection take(Pool pool, UserList.User user, IoContext passthroughTo, Map<String, String> startup) {
        ServerConnection s = pool.take(settings.waitTimeout());
        if (s == null) {
            try {
                s = ServerLogin.open(pool, settings, user, passthroughTo);
                metrics.serverOpen(1);
            } catch (RuntimeException e) {
                pool.openFailed();
                throw e;
            }
        }
        try {
            ServerReset.apply(s, startup);
        } catch (PoolerException e) {
            pool.give(s);
            throw e;
        } catch (RuntimeException e) {
            pool.discard(s);
            throw e;
        }
        return s;
    }

    private static void welcome(IoContext client, Map<String, String> params, long key) {
        List<ByteBuf> parts = new ArrayList<>();
        parts.add(Wire.authOk());
        params.forEach((k, v) -> parts.add(Wire.parameterStatus(k, v)));
        parts.add(Wire.backendKeyData((int) (key >>> 32), (int) key));
        parts.add(Wire.readyForQuery('I'));
        client.write(Unpooled.wrappedBuffer(parts.toArray(ByteBuf[]::new)));
    }

    private void refuse(IoContext client, PoolerException e) {
        metrics.error(e.kind());
        try {
            client.write(e.toClient());
        } catch (MachinariumException gone) {
            // the client did not wait for the answer
        }
    }
}
