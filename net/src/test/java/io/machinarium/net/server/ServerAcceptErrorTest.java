package io.machinarium.net.server;

import static io.machinarium.net.server.ServerTesting.T;
import static io.machinarium.net.server.ServerTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.testing.NoFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Accept errors are transient for a server: with no descriptor to be had (EMFILE), the server tells the
 * first error of the run once, goes on accepting once descriptors are back, says so once, and serves the
 * client that waited. This JVM's own descriptor limit is dropped to 0 for the while ({@link NoFile}).
 */
class ServerAcceptErrorTest {
    @Test
    void aRunOfAcceptErrorsIsToldOnceAndTheServerServesTheWaitingClientOnceDescriptorsAreBack() throws Exception {
        String unavailable = NoFile.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        String[] limit = NoFile.read();
        List<String> told = new CopyOnWriteArrayList<>();
        ServerEvents events = new ServerEvents() {
            @Override
            public void acceptFailed(String listener, SocketAddress address, IoFailedException error) {
                told.add("failed " + listener + ": " + error.getCause().getMessage());
            }

            @Override
            public void acceptingAgain(String listener, SocketAddress address, long acceptErrors) {
                told.add("again " + listener + " after " + (acceptErrors >= 3 ? "3 or more" : acceptErrors) + " errors");
            }
        };
        try (Machinarium rt = Runtimes.start(2);
             Server server = Server.builder("drought").acceptor(rt.machine(0)).workers(List.of(rt.machine(1)))
                     .listen("tcp", loopback()).events(events).start(ServerTesting::echo)) {
            SocketAddress at = server.address();
            SocketChannel client = SocketChannel.open();  // its descriptor exists before the limit bites
            warmUp(client, told);
            boolean retried;
            List<String> toldWhileOut;
            try (NoFile drought = NoFile.none(limit)) {
                // No new descriptor for anyone in this JVM: nothing here may open a file, not even a class file.
                client.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) at).getPort()));
                retried = Await.holdsWithin(T, () -> server.acceptErrors() >= 3);
                toldWhileOut = List.copyOf(told);
            }
            assertThat(retried).as("the listener retried (" + server.acceptErrors() + " accept errors)").isTrue();
            assertThat(toldWhileOut).as("a run of errors is told once").hasSize(1);
            assertThat(toldWhileOut.get(0)).startsWith("failed tcp: ").contains("Too many open files");
            try (client) {
                client.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer back = ByteBuffer.allocate(1);
                assertThat(client.read(back)).as("the waiting client is served after all").isEqualTo(1);
                assertThat(back.get(0)).isEqualTo((byte) 42);
            }
            assertThat(told).as("the run's end is told once").hasSize(2);
            assertThat(told.get(1)).isEqualTo("again tcp after 3 or more errors");
        }
    }

    /** Loads, before descriptors run out, the classes the window without descriptors uses. */
    private static void warmUp(SocketChannel client, List<String> told) throws IOException {
        Await.until(T, () -> true, () -> "");
        new IoFailedException("warm-up", new IOException("warm-up")).getCause().getMessage();
        told.add("warm-up");
        told.clear();
        List.copyOf(told);
        client.isConnected();
    }
}
