package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.sync.WaitGroup;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 concurrent connections served by coroutines of one machine. The clients run in a child JVM
 * (itself on this runtime) because both ends in one process would need 20,000 descriptors, the whole
 * per-process limit here.
 */
class ManyConnectionsTest {
    static final int CONNECTIONS = 10_000;
    private final Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build());

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void oneMachineServesTenThousandConcurrentConnections() throws Exception {
        Machine m = rt.machine(0);
        AtomicReference<InetSocketAddress> addr = new AtomicReference<>();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Coroutine acceptor = m.spawn("acceptor", () -> {
            try (Listener l = Listener.bind(loopback(), ListenOptions.defaults().withBacklog(4096))) {
                addr.set((InetSocketAddress) l.localAddress());
                for (int i = 0; i < CONNECTIONS; i++) {
                    IoContext io = l.accept(Duration.ofMinutes(2));
                    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    Machine.current().spawn(() -> {
                        NetTesting.echo(io);
                        open.decrementAndGet();
                        served.incrementAndGet();
                    });
                }
            }
        });
        NetTesting.awaitSet(addr);
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Clients.class.getName(), "127.0.0.1", Integer.toString(addr.get().getPort()),
                Integer.toString(CONNECTIONS)))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("clients finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("all " + CONNECTIONS + " connections open at once");
        acceptor.join(T);
        Await.holdsWithin(T, () -> served.get() >= CONNECTIONS);  // a shortfall is reported just below
        assertThat(served.get()).isEqualTo(CONNECTIONS);
        assertThat(maxOpen.get()).as("connections open on the server at once").isEqualTo(CONNECTIONS);
    }

    /** The child JVM: opens N connections, echoes a line on each, holds them all open, then closes. */
    static final class Clients {
        public static void main(String[] args) {
            String host = args[0];
            int port = Integer.parseInt(args[1]);
            int n = Integer.parseInt(args[2]);
            try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2).build())) {
                WaitGroup connected = new WaitGroup();
                WaitGroup done = new WaitGroup();
                connected.add(n);
                done.add(n);
                AtomicInteger failures = new AtomicInteger();
                for (int i = 0; i < n; i++) {
                    int id = i;
                    rt.machine(i % 2).spawn(() -> {
                        try (IoContext io = IoContext.connect(new InetSocketAddress(host, port), Duration.ofMinutes(1))) {
                            byte[] msg = ("client " + id + "\n").getBytes(StandardCharsets.UTF_8);
                            io.write(msg);
                            if (!java.util.Arrays.equals(io.readBytes(msg.length, Duration.ofMinutes(1)), msg)) {
                                failures.incrementAndGet();
                            }
                            connected.done();
                            connected.await(Duration.ofMinutes(2));
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                            System.out.println("client " + id + " failed: " + e);
                            connected.done();
                        } finally {
                            done.done();
                        }
                    });
                }
                done.await(Duration.ofMinutes(3));
                if (failures.get() == 0) {
                    System.out.println("all " + n + " connections open at once");
                } else {
                    System.out.println(failures.get() + " clients failed");
                    System.exit(1);
                }
            }
        }
    }
}
