package io.machinarium.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How a node joins a cluster: the cluster's and the node's names, the NATS servers (several, for
 * failover), credentials and TLS where the servers ask for them, the failure detector's timing, and the
 * message types that may cross ({@link #messageTypes()}).
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder("bank", "node-1")
 *         .servers("nats://10.0.0.1:4222", "nats://10.0.0.2:4222")
 *         .userInfo("bank", secret)
 *         .messageTypes(AccountOp.class)          // a sealed interface: all its records may cross
 *         .build();
 * }</pre>
 *
 * <p>Defaults: {@code nats://127.0.0.1:4222}; a heartbeat every 500 ms and a node declared down after
 * 3 s without one; reconnect attempts forever, 250 ms apart. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ClusterConfig {
    private final String cluster;
    private final String node;
    private final List<String> servers;
    private final NatsAuth auth;
    private final Duration heartbeat;
    private final Duration downAfter;
    private final Duration connectTimeout;
    private final Duration reconnectWait;
    private final int pendingLimit;
    private final int replicas;
    private final Set<Class<?>> messageTypes;
    private final Map<Class<?>, MessageCodec<?>> codecs;

    private ClusterConfig(Builder b) {
        cluster = b.cluster;
        node = b.node;
        servers = List.copyOf(b.servers.isEmpty() ? List.of("nats://127.0.0.1:4222") : b.servers);
        auth = b.auth.copy();
        heartbeat = b.heartbeat;
        downAfter = b.downAfter;
        connectTimeout = b.connectTimeout;
        reconnectWait = b.reconnectWait;
        pendingLimit = b.pendingLimit;
        replicas = b.replicas;
        messageTypes = Set.copyOf(b.messageTypes);
        codecs = Map.copyOf(b.codecs);
        if (downAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("downAfter (" + downAfter + ") must be at least three heartbeats ("
                    + heartbeat + " each): one late heartbeat must not declare a node down");
        }
    }

    /**
     * Starts a configuration.
     *
     * @param cluster the cluster's name: nodes with the same name and servers see each other
     * @param node this node's name, unique in the cluster; it is also the {@link
     *     io.machinarium.actors.ActorSystem#node()} of the system that joins
     * @return a builder with the defaults
     * @throws IllegalArgumentException if a name is not 1 to 200 letters, digits, {@code _} or {@code -}
     */
    public static Builder builder(String cluster, String node) {
        return new Builder(Subjects.check("cluster", cluster), Subjects.check("node", node));
    }

    /** {@return the cluster's name} */
    public String cluster() {
        return cluster;
    }

    /** {@return this node's name} */
    public String node() {
        return node;
    }

    /** {@return the NATS server URLs, tried in turn (failover)} */
    public List<String> servers() {
        return servers;
    }

    /** {@return how often this node says it is alive} */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** {@return how long a node may stay silent before it is declared down} */
    public Duration downAfter() {
        return downAfter;
    }

    /** {@return how long joining waits for the first connection} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return the pause between reconnect attempts to one server} */
    public Duration reconnectWait() {
        return reconnectWait;
    }

    /** {@return the most messages a subscription may hold undelivered before they count as a slow consumer} */
    public int pendingLimit() {
        return pendingLimit;
    }

    /** {@return how many JetStream servers keep a copy of the registry and of durable maps} */
    public int replicas() {
        return replicas;
    }

    /** {@return the types registered to cross (records, sealed interfaces of records), besides the built-in ones} */
    public Set<Class<?>> messageTypes() {
        return messageTypes;
    }

    /** {@return the codecs given for particular message types} */
    public Map<Class<?>, MessageCodec<?>> codecs() {
        return codecs;
    }

    String user() {
        return auth.user;
    }

    char[] password() {
        return auth.password;
    }

    char[] token() {
        return auth.token;
    }

    Path credentials() {
        return auth.credentials;
    }

    char[] nkeySeed() {
        return auth.nkeySeed;
    }

    SSLContext sslContext() {
        return auth.sslContext;
    }

    @Override
    public String toString() {
        return "ClusterConfig[" + cluster + "/" + node + " on " + servers + auth + "]";
    }

    /**
     * Collects the options of a {@link ClusterConfig}; not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String cluster;
        private final String node;
        private final List<String> servers = new ArrayList<>();
        private final NatsAuth auth = new NatsAuth();
        private Duration heartbeat = Duration.ofMillis(500);
        private Duration downAfter = Duration.ofSeconds(3);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration reconnectWait = Duration.ofMillis(250);
        private int pendingLimit = 65_536;
        private int replicas = 1;
        private final Set<Class<?>> messageTypes = new LinkedHashSet<>();
        private final Map<Class<?>, MessageCodec<?>> codecs = new LinkedHashMap<>();

        private Builder(String cluster, String node) {
            this.cluster = cluster;
            this.node = node;
        }

        /**
         * Sets the NATS servers, e.g. {@code nats://10.0.0.1:4222} or {@code tls://...}; a node connects
         * to one and moves to another when it fails.
         *
         * @param urls the server URLs
         * @return this builder
         */
        public Builder servers(String... urls) {
            servers.clear();
            servers.addAll(List.of(urls));
            return this;
        }

        /**
         * Authenticates with a user name and password.
         *
         * @param user the user
         * @param password the password (copied)
         * @return this builder
         */
        public Builder userInfo(String user, String password) {
            auth.user = Objects.requireNonNull(user, "user");
            auth.password = password.toCharArray();
            return this;
        }

        /**
         * Authenticates with a token.
         *
         * @param token the token (copied)
         * @return this builder
         */
        public Builder token(String token) {
            auth.token = token.toCharArray();
            return this;
        }

        /**
         * Authenticates with a NATS credentials file (a user JWT and its nkey seed) or a file holding only
         * an nkey seed ({@code SU...}).
         *
         * @param file the file
         * @return this builder
         * @throws IllegalArgumentException if the file cannot be read
         */
        public Builder credentials(Path file) {
            auth.credentials = NatsAuth.readable(file);
            return this;
        }

        /**
         * Authenticates with an nkey: the server knows the public key, this node signs its nonce with the
         * seed.
         *
         * @param seed the user nkey's seed ({@code SU...}), copied
         * @return this builder
         * @throws IllegalArgumentException if it is not a user seed
         */
        public Builder nkey(String seed) {
            auth.nkeySeed = NatsAuth.userSeed(seed);
            return this;
        }

        /**
         * Speaks TLS to the servers, trusting the CA certificates of a PEM file.
         *
         * @param caFile the CA certificates, PEM
         * @return this builder
         * @throws IllegalArgumentException if the file cannot be read as PEM certificates
         */
        public Builder tls(Path caFile) {
            return tls(caFile, null, null);
        }

        /**
         * Speaks TLS to the servers with a client certificate (for servers that verify clients).
         *
         * @param caFile the CA certificates, PEM
         * @param certificateFile this node's certificate chain, PEM, or null for none
         * @param keyFile its private key, PEM (PKCS#8), or null for none
         * @return this builder
         * @throws IllegalArgumentException if a file cannot be read
         */
        public Builder tls(Path caFile, Path certificateFile, Path keyFile) {
            auth.sslContext = NatsAuth.tlsFromPem(caFile, certificateFile, keyFile);
            return this;
        }

        /**
         * Speaks TLS with a ready-made context.
         *
         * @param context the JDK TLS context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            auth.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Sets the failure detector: a heartbeat every {@code interval}, and a node that sent none for
         * {@code downAfter} is declared down (at least three intervals).
         *
         * @param interval the heartbeat interval
         * @param downAfter the silence after which a node is down
         * @return this builder
         */
        public Builder failureDetector(Duration interval, Duration downAfter) {
            this.heartbeat = Objects.requireNonNull(interval, "interval");
            this.downAfter = Objects.requireNonNull(downAfter, "downAfter");
            return this;
        }

        /**
         * Sets how long joining waits for the first connection.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets the pause between reconnect attempts to one server.
         *
         * @param wait the pause
         * @return this builder
         */
        public Builder reconnectWait(Duration wait) {
            this.reconnectWait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        /**
         * Sets how many messages one subscription may hold before NATS drops the rest and they are counted
         * as slow-consumer drops.
         *
         * @param messages the limit, at least 1
         * @return this builder
         */
        public Builder pendingLimit(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("a pending limit is at least 1 message");
            }
            this.pendingLimit = messages;
            return this;
        }

        /**
         * Sets how many JetStream servers keep a copy of the registry and of each durable map (when the
         * maps are made): 1 on a single server; 3 on a cluster of three, so that they survive the loss of
         * one server. A map that exists keeps its own setting.
         *
         * @param copies 1 to 5
         * @return this builder
         */
        public Builder replicas(int copies) {
            if (copies < 1 || copies > 5) {
                throw new IllegalArgumentException("JetStream keeps 1 to 5 copies, not " + copies);
            }
            this.replicas = copies;
            return this;
        }

        /**
         * Registers message types that may cross between nodes with the default (Jackson, JSON) codec: a
         * record, or a sealed interface, which registers every record it permits (and those of nested
         * sealed interfaces). Strings, numbers, booleans and byte arrays always may. A message of another
         * type fails its sender; a message of an unregistered type that arrives is a dead letter.
         *
         * @param types the types
         * @return this builder
         */
        public Builder messageTypes(Class<?>... types) {
            for (Class<?> t : types) {
                messageTypes.add(Objects.requireNonNull(t, "type"));
            }
            return this;
        }

        /**
         * Uses a codec of its own for one message type (and that type only: not its subtypes).
         *
         * @param codec the codec
         * @param <T> the type
         * @return this builder
         */
        public <T> Builder codec(MessageCodec<T> codec) {
            codecs.put(codec.type(), codec);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return it
         * @throws IllegalArgumentException if the failure detector's timing is inconsistent
         */
        public ClusterConfig build() {
            return new ClusterConfig(this);
        }
    }
}
