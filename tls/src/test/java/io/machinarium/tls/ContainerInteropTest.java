package io.machinarium.tls;

import io.machinarium.core.testing.FdBalance;
import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * OpenSSL in a container (Testcontainers, an image imported locally, never pulled) as the TLS server
 * of our client and as the TLS client of our server, with mutual TLS. Skipped, saying so, where no
 * Docker engine runs.
 */
@FdBalance.Unbalanced("the Docker client keeps its connections to the engine open for the JVM's lifetime")
class ContainerInteropTest {
    private static final int PORT = 4433;
    private final Machinarium rt = Runtimes.start(1);

    private static boolean engine;

    @BeforeAll
    static void findDocker() throws Exception {
        try {
            engine = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            engine = false;
        }
        if (engine) {
            OpenSslImage.ensure();
        }
    }

    @BeforeEach
    void needsDocker() {
        assumeTrue(engine, "no Docker engine is reachable here, so the containerised TLS tests are skipped"
                + " (.ci/run installs docker.io and starts it)");
    }

    @AfterEach
    void close() {
        rt.close();
    }

    private static GenericContainer<?> openssl(String... command) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(OpenSslImage.NAME))
                .withImagePullPolicy(name -> false);
        for (String f : new String[] {"ca.pem", "server.pem", "server.key", "client.pem", "client.key"}) {
            c.withCopyFileToContainer(MountableFile.forHostPath(TestCerts.file(f), 0644), "/certs/" + f);
        }
        String[] cmd = new String[command.length + 1];
        cmd[0] = "/usr/bin/openssl";
        System.arraycopy(command, 0, cmd, 1, command.length);
        return c.withCommand(cmd);
    }

    /** The host's address on Docker's default bridge, which containers reach the host by. */
    private static String bridgeGateway() {
        try {
            java.net.NetworkInterface docker0 = java.net.NetworkInterface.getByName("docker0");
            if (docker0 != null) {
                for (var a : java.util.Collections.list(docker0.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (java.net.SocketException e) {
            // fall back to what the engine says
        }
        var configs = DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId("bridge").exec()
                .getIpam().getConfig();
        String gw = configs.isEmpty() ? null : configs.get(0).getGateway();
        assertThat(gw).as("the address of Docker's bridge on this host").isNotNull();
        return gw;
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void ourClientAgainstOpensslServerInAContainerWithMutualTls(TlsProvider p) {
        try (GenericContainer<?> srv = openssl("s_server", "-accept", String.valueOf(PORT), "-rev",
                "-cert", "/certs/server.pem", "-key", "/certs/server.key",
                "-Verify", "2", "-verify_return_error", "-CAfile", "/certs/ca.pem")
                .withExposedPorts(PORT)
                .waitingFor(Wait.forLogMessage("(?s).*ACCEPT.*", 1).withStartupTimeout(Duration.ofSeconds(60)))) {
            srv.start();
            TlsConfig cc = client(p).certificate(TestCerts.file("client.pem"), TestCerts.file("client.key")).build();
            AtomicReference<TlsSession> session = new AtomicReference<>();
            TlsTesting.on(rt.machine(0), () -> {
                try (IoContext io = IoContext.connect(new InetSocketAddress("127.0.0.1", srv.getMappedPort(PORT)), T)) {
                    session.set(Tls.upgrade(io, cc, T));
                    io.write("container\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(io.readBytes(10, T), StandardCharsets.US_ASCII)).isEqualTo("reniatnoc\n");
                }
            });
            assertThat(session.get().protocol()).isEqualTo("TLSv1.3");
            assertThat(session.get().peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        }
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void opensslClientInAContainerAgainstOurServerWithMutualTls(TlsProvider p) {
        String gateway = bridgeGateway();
        TlsConfig sc = server(p).verify(TlsVerify.PEER).caFile(TestCerts.ca()).build();
        AtomicReference<TlsSession> session = new AtomicReference<>();
        TlsTesting.Server ours = new TlsTesting.Server(rt.machine(0), new InetSocketAddress(gateway, 0), 1, io -> {
            session.set(Tls.upgrade(io, sc, T));
            io.write("hello from machinarium\n".getBytes(StandardCharsets.US_ASCII));
            io.drain(T);
        });
        int port = ((InetSocketAddress) ours.address).getPort();
        try (GenericContainer<?> cli = openssl("s_client", "-connect", gateway + ":" + port, "-CAfile", "/certs/ca.pem",
                "-verify_return_error", "-servername", "server.test", "-cert", "/certs/client.pem",
                "-key", "/certs/client.key", "-ign_eof")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            cli.start();
            ours.joinOk();
            assertThat(cli.getLogs()).contains("hello from machinarium").contains("Verify return code: 0 (ok)");
        }
        assertThat(session.get().peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=client");
        assertThat(session.get().requestedServerName()).isEqualTo("server.test");
    }
}
