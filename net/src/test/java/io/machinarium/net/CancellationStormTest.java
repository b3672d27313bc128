package io.machinarium.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineFailedException;
import io.machinarium.core.CoroutineInfo;
import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.sync.Mutex;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.FdBalance;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A cancellation storm: 10,000 coroutines on two machines, blocked in every kind of wait there is —
 * socket read, socket write, connect, accept, shared-channel read, mutex lock and sleep — are cancelled
 * at once from a plain thread. The storm runs once; each test checks one consequence.
 *
 * <p>Peers cost no descriptors of their own: the read and write connections go to a JDK listener that
 * never accepts (the kernel completes them and keeps them in its accept queue, with small receive
 * buffers so that writers block soon), and the connects go to a listener whose accept queue is full,
 * so the kernel drops their SYNs and they stay pending. Accepts are fewer (one listener each).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancellationStormTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final int MACHINES = 2;

    /** Where a coroutine of the storm blocks, and how many do. */
    enum Kind {
        READ(1430), WRITE(1430), CONNECT(1430), ACCEPT(300), CHANNEL_READ(1803), MUTEX_LOCK(1803), SLEEP(1804);

        final int count;

        Kind(int count) {
            this.count = count;
        }
    }

    private final Map<Kind, List<Coroutine>> storm = new EnumMap<>(Kind.class);
    private final Map<Kind, Map<String, Integer>> endings = new EnumMap<>(Kind.class);
    private List<CoroutineInfo> leftBehind;
    private boolean mutexFreeAfter;
    private String channelProbe;
    private int channelSizeAfter;
    private int fdsBefore;
    private int fdsDuring;
    private int fdsAfter;
    private long cancelToJoinedMillis;

    @BeforeAll
    void raiseAndCancelTheStorm() throws Exception {
        int total = 0;
        for (Kind k : Kind.values()) {
            total += k.count;
        }
        assertThat(total).isEqualTo(10_000);
        long started = System.nanoTime();
        fdsBefore = FdBalance.openFds();
        Mutex mutex = new Mutex();
        SharedChannel<String> channel = new SharedChannel<>();
        mutex.lock();  // held by this thread: every coroutine's lock waits
        try (ServerSocketChannel silent = listener(Kind.READ.count + Kind.WRITE.count + 64);
             ServerSocketChannel full = listener(1)) {
            List<Socket> fillers = fillAcceptQueue(full);
            try (Machinarium rt = Runtimes.start(MACHINES)) {
                AtomicInteger armed = new AtomicInteger();
                for (Kind k : Kind.values()) {
                    List<Coroutine> list = new ArrayList<>(k.count);
                    for (int i = 0; i < k.count; i++) {
                        Machine m = rt.machine(i % MACHINES);
                        list.add(m.spawn(k + "-" + i, body(k, armed, silent, full, mutex, channel)));
                    }
                    storm.put(k, list);
                }
                awaitAllBlocked(rt, armed, total);
                fdsDuring = FdBalance.openFds();

                long cancelAt = System.nanoTime();
                for (List<Coroutine> list : storm.values()) {
                    for (Coroutine c : list) {
                        c.cancel();
                    }
                }
                for (Map.Entry<Kind, List<Coroutine>> e : storm.entrySet()) {
                    Map<String, Integer> counts = new TreeMap<>();
                    for (Coroutine c : e.getValue()) {
                        counts.merge(ending(c), 1, Integer::sum);
                    }
                    endings.put(e.getKey(), counts);
                }
                cancelToJoinedMillis = (System.nanoTime() - cancelAt) / 1_000_000;
                leftBehind = rt.coroutines(T);
                mutex.unlock();
                mutexFreeAfter = mutex.tryLock();
                if (mutexFreeAfter) {
                    mutex.unlock();
                }
                channel.write("after the storm");
                channelProbe = channel.read(T);
                channelSizeAfter = channel.size();
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
        fdsAfter = awaitFds(fdsBefore);
        System.out.printf("cancellation storm: %d coroutines on %d machines; fds %d before, %d while blocked, %d after;"
                        + " cancel to all joined %d ms; whole storm %d ms; endings %s%n", total, MACHINES, fdsBefore,
                fdsDuring, fdsAfter, cancelToJoinedMillis, (System.nanoTime() - started) / 1_000_000, endings);
    }

    @Test
    void everyBlockedCoroutineEndsWithCancelledException() {
        for (Kind k : Kind.values()) {
            assertThat(endings.get(k)).as("how the coroutines blocked in %s ended", k)
                    .isEqualTo(Map.of(CancelledException.class.getSimpleName(), k.count));
        }
    }

    @Test
    void noCoroutineIsLeftBehind() {
        assertThat(leftBehind).isEmpty();
    }

    @Test
    void theMutexIsFreeOnceItsHolderUnlocks() {
        assertThat(mutexFreeAfter).as("no cancelled waiter kept the mutex").isTrue();
    }

    @Test
    void theChannelStaysUsableAndNoCancelledReaderTakesAMessage() {
        assertThat(channelProbe).isEqualTo("after the storm");
        assertThat(channelSizeAfter).isZero();
    }

    @Test
    void everyDescriptorIsClosedAfterwards() {
        assertThat(fdsDuring).as("the storm held its sockets").isGreaterThan(fdsBefore + 3000);
        assertThat(fdsAfter).isLessThanOrEqualTo(fdsBefore);
    }

    private static Runnable body(Kind kind, AtomicInteger armed, ServerSocketChannel silent, ServerSocketChannel full,
                                 Mutex mutex, SharedChannel<String> channel) throws IOException {
        InetSocketAddress quiet = (InetSocketAddress) silent.getLocalAddress();
        InetSocketAddress blackhole = (InetSocketAddress) full.getLocalAddress();
        return switch (kind) {
            case READ -> () -> {
                try (IoContext io = IoContext.connect(quiet, T)) {
                    armed.incrementAndGet();
                    io.read(1, null).release();
                }
            };
            case WRITE -> () -> {
                IoOptions small = IoOptions.defaults().withWriteBuffer(8 * 1024, 4 * 1024);
                try (IoContext io = IoContext.connect(quiet, T, small)) {
                    io.socket().set(ChannelOption.SO_SNDBUF, 4096);
                    armed.incrementAndGet();
                    for (;;) {
                        ByteBuf chunk = PooledByteBufAllocator.DEFAULT.buffer(8 * 1024);
                        io.write(chunk.writeZero(8 * 1024), null);
                    }
                }
            };
            case CONNECT -> () -> {
                armed.incrementAndGet();
                IoContext.connect(blackhole, null).close();
            };
            case ACCEPT -> () -> {
                try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                    armed.incrementAndGet();
                    l.accept(null).close();
                }
            };
            case CHANNEL_READ -> () -> {
                armed.incrementAndGet();
                channel.read(null);
            };
            case MUTEX_LOCK -> () -> {
                armed.incrementAndGet();
                mutex.lock();
                mutex.unlock();
            };
            case SLEEP -> () -> {
                armed.incrementAndGet();
                Coroutine.sleep(Duration.ofHours(1));
            };
        };
    }

    /** A loopback listener that never accepts, with small receive buffers for the connections it queues. */
    private static ServerSocketChannel listener(int backlog) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        s.bind(new InetSocketAddress("127.0.0.1", 0), backlog);
        return s;
    }

    /** Connects until the accept queue is full, so that the kernel drops the SYNs of later connects. */
    private static List<Socket> fillAcceptQueue(ServerSocketChannel full) throws IOException {
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(full.getLocalAddress(), 500);
                fillers.add(s);
            } catch (java.net.SocketTimeoutException e) {
                s.close();
                return fillers;
            }
        }
        throw new AssertionError("the accept queue of a listener with backlog 1 took " + fillers.size()
                + " connections without filling up; connects would not block here");
    }

    /** Waits until every coroutine has reached its blocking call and every machine reports it waiting. */
    private static void awaitAllBlocked(Machinarium rt, AtomicInteger armed, int total) {
        Await.until(T, () -> armed.get() >= total && waiting(rt) >= total, () -> "only " + armed.get()
                + " coroutines reached their blocking call and " + waiting(rt) + " of " + total + " were waiting:\n"
                + rt.dump(Duration.ofSeconds(5)));
    }

    private static int waiting(Machinarium rt) {
        int waiting = 0;
        for (Machine m : rt.machines()) {
            waiting += m.stats().waiting();
        }
        return waiting;
    }

    /** Joins a cancelled coroutine and names how it ended. */
    private static String ending(Coroutine c) {
        try {
            c.join(T);
            return "returned normally";
        } catch (CoroutineFailedException e) {
            return e.getCause().getClass().getSimpleName();
        }
    }

    /** Waits for the open descriptors to come down to {@code target} (10 s at most); returns the count then. */
    private static int awaitFds(int target) {
        Await.holdsWithin(Duration.ofSeconds(10), () -> FdBalance.openFds() <= target);
        return FdBalance.openFds();
    }
}
