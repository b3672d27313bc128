package io.machinarium.samples.pooler;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramException;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.machinarium.samples.HostPort;
import io.machinarium.tls.Tls;
import io.machinarium.tls.TlsConfig;
import io.machinarium.tls.TlsHandshakeException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens one server connection and logs it in: connect, TLS if asked ({@code SSLRequest}, then
 * {@link Tls#upgrade}), the startup message, authentication, then the server's welcome
 * ({@code ParameterStatus}, {@code BackendKeyData}) up to its first {@code ReadyForQuery}.
 *
 * <p>Authentication takes one of two roads. With credentials (a users-file entry) the pooler answers the
 * server itself: cleartext, md5 (from the password or the md5 hash) or SCRAM-SHA-256 (the SCRAM library's
 * client, from the password, or from the ClientKey a client proved to the pooler and the file's ServerKey).
 * Without credentials the server's challenges go to the client and the client's answers to the server,
 * unchanged (passthrough; the connection is then the client's alone, see {@link ServerConnection#poolable()}).
 * A server that trusts the pooler asks nothing.
 */
final class ServerLogin {
    private static final int MAX_LOGIN_MESSAGE = 64 * 1024;

    private ServerLogin() {
    }

    /**
     * Opens and logs in a server connection. Blocks the calling coroutine.
     *
     * @param pool the pool it will belong to
     * @param settings where the server is, its TLS, how long this may take
     * @param user the users-file entry to log in with, or null for passthrough (or trust)
     * @param client the client to pass challenges to when {@code user} is null, or null (transaction mode: a
     *     server that asks for a password then is an error)
     * @return the connection, ready for a query
     * @throws PoolerException if the server cannot be reached ({@code backend_down}), refuses the login (its
     *     own ErrorResponse, passed on), or asks for what the pooler cannot answer
     * @throws ProtocolException if the client broke the protocol during passthrough
     */
    static ServerConnection open(Pool pool, PoolerSettings settings, UserList.User user, IoContext client) {
        HostPort at = settings.backend();
        Duration timeout = settings.connectTimeout();
        IoContext io;
        try {
            io = IoContext.connect(at.host(), at.port(), timeout, IoOptions.defaults());
        } catch (IoFailedException | TimedOutException e) {
            throw new PoolerException(Wire.CONNECTION_FAILURE, "backend_down", "cannot connect to the server at "
                    + at + ": " + e.getMessage());
        }
        try {
            if (settings.backendTls() != null) {
                upgrade(io, settings.backendTls(), at.host(), timeout);
            }
            Map<String, String> startup = new LinkedHashMap<>();
            startup.put("user", pool.key().user());
            startup.put("database", pool.key().database());
            io.write(Wire.startup(startup));
            boolean passthrough = false;
            ScramClient scram = null;
            Map<String, String> params = new HashMap<>();
            int pid = 0;
            int secret = 0;
            for (;;) {
                Frame f = Frame.read(io, timeout, MAX_LOGIN_MESSAGE);
                switch (f.type()) {
                    case 'R' -> {
                        int code = f.int32();
                        if (code == Wire.AUTH_OK) {
                            continue;
                        }
                        if (user == null) {
                            if (client == null) {
                                throw new PoolerException(Wire.INVALID_AUTHORIZATION, "server_login", "the server asks"
                                        + " for a password and the pooler has none for " + pool.key().user()
                                        + ": give it an --auth-file");
                            }
                            passthrough = true;
                            pass(f, client, io, timeout);
                        } else {
                            scram = answer(f, code, user, scram, io);
                        }
                    }
                    case 'S' -> {
                        String[] p = f.parameter();
                        if (p != null) {
                            params.put(p[0], p[1]);
                        }
                    }
                    case 'K' -> {
                        pid = f.int32();
                        secret = f.body().length >= 8 ? Frame.int32(f.body(), 4) : 0;
                    }
                    case 'Z' -> {
                        return new ServerConnection(io, pool, pid, secret, params, !passthrough);
                    }
                    case 'E' -> throw new PoolerException("server_login", f);
                    case 'N' -> { }
                    default -> throw new PoolerException(Wire.PROTOCOL_VIOLATION, "server_login",
                            "the server sent '" + Frame.printable(f.type()) + "' during login");
                }
            }
        } catch (PoolerException | ProtocolException e) {
            io.close();
            throw e;
        } catch (IoFailedException | TimedOutException | io.machinarium.core.ClosedException e) {
            io.close();
            throw new PoolerException(Wire.CONNECTION_FAILURE, "backend_down", "lost the server at " + at
                    + " during login: " + e.getMessage());
        } catch (RuntimeException e) {
            io.close();
            throw e;
        }
    }

    private static void upgrade(IoContext io, TlsConfig tls, String host, Duration timeout) {
        io.write(Wire.sslRequest());
        ByteBuf answer = io.read(1, timeout);
        byte a = answer.readByte();
        answer.release();
        if (a != 'S') {
            throw new PoolerException(Wire.CONNECTION_FAILURE, "backend_tls", "the server refused TLS (--backend-tls)");
        }
        try {
            Tls.upgrade(io, tls, host, timeout);
        } catch (TlsHandshakeException e) {
            throw new PoolerException(Wire.CONNECTION_FAILURE, "backend_tls", "TLS with the server failed: "
                    + e.getMessage());
        }
    }

    /** Passthrough: the server's challenge to the client and, unless it was the last word, the answer back. */
    private static void pass(Frame challenge, IoContext client, IoContext server, Duration timeout) {
        client.write(challenge.encode());
        if (challenge.int32() == Wire.AUTH_SASL_FINAL) {
            return;  // the server's signature: the client answers nothing; AuthenticationOk follows
        }
        Frame answer = Frame.read(client, timeout, MAX_LOGIN_MESSAGE);
        if (answer.type() != 'p') {
            throw new ProtocolException("expected a password message, got '" + Frame.printable(answer.type()) + "'");
        }
        server.write(answer.encode());
    }

    /** Answers one authentication request with the users-file entry; returns the SCRAM exchange under way. */
    private static ScramClient answer(Frame f, int code, UserList.User user, ScramClient scram, IoContext io) {
        try {
            switch (code) {
                case Wire.AUTH_CLEARTEXT -> io.write(Wire.password(need(user.password(), user, "a cleartext password")));
                case Wire.AUTH_MD5 -> {
                    String md5 = need(user.md5(), user, "an md5 password");
                    byte[] salt = java.util.Arrays.copyOfRange(f.body(), 4, 8);
                    io.write(Wire.password(Scram.md5Answer(md5, salt)));
                }
                case Wire.AUTH_SASL -> {
                    ScramClient c = scramClient(user, mechanisms(f.body()));
                    byte[] first = c.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
                    io.write(Wire.saslInitial(c.getScramMechanism().getName(), first));
                    return c;
                }
                case Wire.AUTH_SASL_CONTINUE -> {
                    inExchange(scram).serverFirstMessage(text(f));
                    io.write(Wire.saslResponse(scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8)));
                }
                case Wire.AUTH_SASL_FINAL -> inExchange(scram).serverFinalMessage(text(f));
                default -> throw new PoolerException(Wire.FEATURE_NOT_SUPPORTED, "server_login",
                        "the server asks for authentication method " + code + ", which the pooler does not speak");
            }
            return scram;
        } catch (ScramException e) {
            throw new PoolerException(Wire.INVALID_PASSWORD, "server_login", "SCRAM with the server failed: "
                    + e.getMessage());
        }
    }

    private static ScramClient scramClient(UserList.User user, List<String> offered) {
        if (!offered.contains(Scram.MECHANISM.getName())) {
            throw new PoolerException(Wire.FEATURE_NOT_SUPPORTED, "server_login", "the server offers " + offered
                    + ", not SCRAM-SHA-256");
        }
        var b = ScramClient.builder().advertisedMechanisms(List.of(Scram.MECHANISM.getName())).username("*");
        if (user.password() != null) {
            return b.password(user.password().toCharArray()).stringPreparation(StringPreparation.POSTGRESQL_PREPARATION)
                    .build();
        }
        byte[] clientKey = user.clientKey();
        if (user.scram() == null || clientKey == null) {
            throw new PoolerException(Wire.INVALID_PASSWORD, "server_login", "the server asks for SCRAM and the auth"
                    + " file holds neither a password nor a SCRAM secret a client has logged in with for " + user.name());
        }
        return b.clientAndServerKey(clientKey, user.scram().serverKey()).build();
    }

    private static List<String> mechanisms(byte[] body) {
        List<String> out = new ArrayList<>();
        int i = 4;
        while (i < body.length && body[i] != 0) {
            int end = Frame.indexOf(body, i);
            if (end < 0) {
                break;
            }
            out.add(new String(body, i, end - i, StandardCharsets.UTF_8));
            i = end + 1;
        }
        return out;
    }

    private static ScramClient inExchange(ScramClient c) {
        if (c == null) {
            throw new PoolerException(Wire.PROTOCOL_VIOLATION, "server_login", "the server continued a SCRAM "
                    + "exchange that had not begun");
        }
        return c;
    }

    private static String text(Frame f) {
        return new String(f.body(), 4, f.body().length - 4, StandardCharsets.UTF_8);
    }

    private static String need(String secret, UserList.User user, String what) {
        if (secret == null) {
            throw new PoolerException(Wire.INVALID_PASSWORD, "server_login", "the server asks for " + what
                    + " and the auth file has none for " + user.name());
        }
        return secret;
    }
}
