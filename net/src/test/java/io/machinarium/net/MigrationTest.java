package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.channel.SharedChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MigrationTest {
    private final Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(3).build());

    @AfterEach
    void close() {
        rt.close();
    }

    /** The byte at stream position p. */
    private static byte at(long p) {
        return (byte) (p * 131 + (p >>> 8) * 7);
    }

    @Test
    void bufferedBytesTravelWithADetachedContext() {
        SharedChannel<IoContext> handoff = new SharedChannel<>();
        AtomicReference<String> got = new AtomicReference<>();
        AtomicReference<Throwable> misuse = new AtomicReference<>();
        Coroutine receiver = rt.machine(1).spawn(() -> {
            IoContext io = handoff.read(T);
            try {
                io.pending();
            } catch (MisuseException e) {
                misuse.set(e);
            }
            io.attach();
            assertThat(io.machine()).isSameAs(Machine.current());
            got.set(new String(io.readBytes(11, T)));
            io.close();
        });
        rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback());
                 IoContext client = IoContext.connect(l.localAddress(), T)) {
                IoContext server = l.accept(T);
                client.write("hello world".getBytes());
                while (server.pending() < 11) {
                    Coroutine.sleep(1);
                }
                server.detach();
                assertThat(server.machine()).isNull();
                handoff.write(server);
                receiver.join(T);
            }
        }).join(T);
        assertThat(got.get()).isEqualTo("hello world");
        assertThat(misuse.get()).hasMessageContaining("detached");
    }

    @Test
    void acceptedDetachedContextsAreServedByWorkers() {
        SharedChannel<IoContext> toWorkers = new SharedChannel<>();
        AtomicInteger served = new AtomicInteger();
        List<Coroutine> workers = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            workers.add(rt.machine(w).spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    IoContext io = toWorkers.read(T);
                    io.attach();
                    NetTesting.echo(io);
                    served.incrementAndGet();
                }
            }));
        }
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        Coroutine acceptor = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                addr.set(l.localAddress());
                for (int i = 0; i < 10; i++) {
                    toWorkers.write(l.acceptDetached(T));
                }
            }
        });
        NetTesting.awaitSet(addr);
        rt.machine(0).spawn(() -> {
            for (int i = 0; i < 10; i++) {
                try (IoContext io = IoContext.connect(addr.get(), T)) {
                    io.write(new byte[] {(byte) i, 42});
                    assertThat(io.readBytes(2, T)).containsExactly((byte) i, (byte) 42);
                }
            }
        }).join(T);
        acceptor.join(T);
        workers.forEach(c -> c.join(T));
        assertThat(served.get()).isEqualTo(10);
    }

    /**
     * A peer streams 100 MB while the receiving context hops between two machines 1,000 times; every
     * byte must arrive once and in order.
     */
    @Test
    void aContextHopsBetweenMachinesAThousandTimesUnderTrafficAndLosesNothing() {
        long total = 100L * 1024 * 1024;
        int hops = 1000;
        long perHop = total / hops;
        List<SharedChannel<IoContext>> handoff = List.of(new SharedChannel<>(), new SharedChannel<>());
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        long[] position = new long[1];
        int[] hopsDone = new int[1];
        long[] mismatches = new long[1];

        Coroutine listener = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                addr.set(l.localAddress());
                handoff.get(0).write(l.acceptDetached(T));
            }
        });
        List<Coroutine> hoppers = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            int me = side;
            hoppers.add(rt.machine(1 + side).spawn("hopper-" + side, () -> {
                for (;;) {
                    IoContext io = handoff.get(me).read(Duration.ofMinutes(2));
                    io.attach();
                    long want = hopsDone[0] == hops - 1 ? total - position[0] : perHop;
                    long got = 0;
                    while (got < want) {
                        ByteBuf b = io.read((int) Math.min(64 * 1024, want - got), T);
                        byte[] chunk = new byte[b.readableBytes()];
                        b.readBytes(chunk);  // one bulk copy: the leak detector slows per-byte access
                        b.release();
                        for (int i = 0; i < chunk.length; i++) {
                            if (chunk[i] != at(position[0] + i)) {
                                mismatches[0]++;
                            }
                        }
                        position[0] += chunk.length;
                        got += chunk.length;
                    }
                    hopsDone[0]++;
                    if (hopsDone[0] == hops) {
                        assertThat(io.readSome(T)).as("nothing after the last byte").isNull();
                        io.close();
                        handoff.get(1 - me).close();
                        return;
                    }
                    io.detach();
                    handoff.get(1 - me).write(io);
                }
            }));
        }
        NetTesting.awaitSet(addr);
        rt.machine(0).spawn("streamer", () -> {
            try (IoContext io = IoContext.connect(addr.get(), T)) {
                long sent = 0;
                while (sent < total) {
                    int n = (int) Math.min(256 * 1024, total - sent);
                    byte[] chunk = new byte[n];
                    for (int i = 0; i < n; i++) {
                        chunk[i] = at(sent + i);
                    }
                    io.write(Unpooled.wrappedBuffer(chunk), T);
                    sent += n;
                }
                io.shutdownOutput(T);
                io.readSome(Duration.ofMinutes(2));
            }
        });
        listener.join(T);
        for (Coroutine h : hoppers) {
            try {
                h.join(Duration.ofMinutes(3));
            } catch (io.machinarium.core.CoroutineFailedException e) {
                if (!(e.getCause() instanceof io.machinarium.core.ClosedException)) {
                    throw e;
                }
            }
        }
        assertThat(hopsDone[0]).isEqualTo(hops);
        assertThat(position[0]).isEqualTo(total);
        assertThat(mismatches[0]).as("bytes out of order or corrupted").isZero();
    }
}
