package io.machinarium.net.server;

import static io.machinarium.net.server.ServerTesting.T;
import static io.machinarium.net.server.ServerTesting.connect;
import static io.machinarium.net.server.ServerTesting.loopback;
import static io.machinarium.net.server.ServerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.ListenFailedException;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with a TCP and a Unix listener serves the same handler on both; its Unix socket file is its own
 * (removed at shutdown); a listener that cannot be bound starts nothing and closes those bound before it.
 */
class ServerUnixTest {
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void oneHandlerServesATcpAndAUnixListenerAndTheSocketFileGoesWithTheServer(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        Server server = Server.builder("both").acceptor(rt.machine(0)).workers(List.of(rt.machine(1)))
                .listen("tcp", loopback()).listen("unix", UnixDomainSocketAddress.of(path))
                .start(ServerTesting::echo);
        assertThat(server.address("unix")).isEqualTo(new DomainSocketAddress(path.toString()));
        assertThat(server.addresses()).hasSize(2).first().isEqualTo(server.address("tcp"));
        try (Socket tcp = connect(server.address())) {
            assertThat(roundTrip(tcp, "over tcp")).isEqualTo("over tcp");
            assertThat(unixRoundTrip(path, "over unix")).isEqualTo("over unix");
            assertThat(server.total()).isEqualTo(2);
        }
        assertThat(server.shutdown(T).clean()).isTrue();
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as("the server's socket file").isFalse();
    }

    @Test
    void aListenerThatCannotBeBoundStartsNothingAndClosesTheListenersBoundBefore(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("taken");
        Files.writeString(path, "keep me");
        InetSocketAddress tcp;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            tcp = new InetSocketAddress("127.0.0.1", probe.getLocalPort());  // a free port, to look at afterwards
        }
        InetSocketAddress at = tcp;
        assertThatThrownBy(() -> Server.builder("refused").acceptor(rt.machine(0)).listen("tcp", at)
                .listen("unix", UnixDomainSocketAddress.of(path)).start(ServerTesting::echo))
                .isInstanceOfSatisfying(ListenFailedException.class, e -> {
                    assertThat(e).hasMessage("cannot listen on " + path + ": it is a regular file, not a socket; "
                            + "remove it or choose another path");
                    assertThat(e.address()).isEqualTo(UnixDomainSocketAddress.of(path));
                });
        assertThat(Files.readString(path)).isEqualTo("keep me");
        assertThat(ServerTesting.refuses(at)).as("the TCP listener bound first is closed").isTrue();
    }

    private static String unixRoundTrip(Path path, String text) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer got = ByteBuffer.allocate(text.length());
            while (got.hasRemaining()) {
                assertThat(ch.read(got)).isNotNegative();
            }
            return new String(got.array(), StandardCharsets.UTF_8);
        }
    }
}
