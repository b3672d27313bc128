package io.machinarium.cluster;

import static io.machinarium.cluster.TestMessages.Cmd;
import static io.machinarium.cluster.TestMessages.Echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Runtimes;
import io.nats.client.NKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Joining servers that ask for credentials (user and password, token, nkey) or TLS with client certificates. */
class AuthAndTlsTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    /** Joins with the configuration {@code tune} makes, registers an actor and asks it through NATS by address. */
    private static void joinAndAsk(NatsServer nats, String url, UnaryOperator<ClusterConfig.Builder> tune) {
        try (Machinarium rt = Runtimes.start(2)) {
            ClusterNode n = ClusterNode.join(ActorSystem.create(rt, "n"), tune.apply(ClusterConfig.builder("test", "n")
                    .servers(url).messageTypes(Cmd.class).connectTimeout(Duration.ofSeconds(3))).build());
            try {
                n.register("svc", n.system().spawn("svc", TwoNodesTest.worker("n", new SharedChannel<>())));
                assertThat(n.group("g").address().node()).isEqualTo("<group:g>");
                n.joinGroup("g", n.whereis("svc"));
                assertThat(n.<Cmd>group("g").<String>ask(r -> new Echo("secure", r), LONG)).isEqualTo("secure");
            } finally {
                n.system().close();
                n.close();
            }
        }
    }

    @Test
    void userAndPassword() throws Exception {
        try (NatsServer nats = NatsServer.start("authorization { user: mc, password: \"s3cret pw\" }")) {
            joinAndAsk(nats, nats.url(), b -> b.userInfo("mc", "s3cret pw"));
            assertThatThrownBy(() -> joinAndAsk(nats, nats.url(), b -> b.userInfo("mc", "wrong")))
                    .isInstanceOf(ClusterException.class).hasMessageContaining("joining cluster 'test'");
        }
    }

    @Test
    void token() throws Exception {
        try (NatsServer nats = NatsServer.start("authorization { token: \"t0ken\" }")) {
            joinAndAsk(nats, nats.url(), b -> b.token("t0ken"));
            assertThatThrownBy(() -> joinAndAsk(nats, nats.url(), b -> b)).isInstanceOf(ClusterException.class);
        }
    }

    @Test
    void nkey() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        NKey stranger = NKey.createUser(new SecureRandom());
        try (NatsServer nats = NatsServer.start("authorization { users: [ { nkey: " + new String(user.getPublicKey())
                + " } ] }")) {
            joinAndAsk(nats, nats.url(), b -> b.nkey(new String(user.getSeed())));
            assertThatThrownBy(() -> joinAndAsk(nats, nats.url(), b -> b.nkey(new String(stranger.getSeed()))))
                    .isInstanceOf(ClusterException.class);
        }
    }

    @Test
    void tlsWithAClientCertificate() throws Exception {
        String tls = "tls { cert_file: \"" + Certs.file("server.pem") + "\"\n key_file: \"" + Certs.file("server.key")
                + "\"\n ca_file: \"" + Certs.file("ca.pem") + "\"\n verify: true }";
        try (NatsServer nats = NatsServer.start(tls)) {
            String url = nats.url().replace("nats://", "tls://");
            joinAndAsk(nats, url, b -> b.tls(Certs.file("ca.pem"), Certs.file("client.pem"), Certs.file("client.key")));
            assertThatThrownBy(() -> joinAndAsk(nats, url, b -> b.tls(Certs.file("ca.pem"))))
                    .isInstanceOf(ClusterException.class);
        }
    }
}
