package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.machinarium.core.testing.Await;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The stall watchdog counts time in Netty's IO phase as work: a channel handler or an event-loop task that
 * holds the machine thread is a stall, named in the report; only a machine blocked in its IO wait is idle.
 */
class StallInNettyTest {
    private static final Duration THRESHOLD = Duration.ofMillis(100);
    /** How long the blocking code holds the machine at most if the watchdog never reports it (a failure). */
    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger watchdogLogger = (Logger) LoggerFactory.getLogger(StallWatchdog.class);
    private Machinarium rt;

    private Machine start(Transport transport) {
        log.start();
        watchdogLogger.addAppender(log);
        rt = Machinarium.start(MachinariumConfig.builder().machines(1).transport(transport).stallThreshold(THRESHOLD)
                .build());
        return rt.machine(0);
    }

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
        watchdogLogger.detachAppender(log);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
    void aChannelHandlerThatBlocksItsMachineIsReportedAsAStallNamingTheHandler(Transport transport) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(transport != Transport.EPOLL
                || io.netty.channel.epoll.Epoll.isAvailable(), "skipped: epoll is not available here");
        Machine m = start(transport);
        CompletableFuture<Boolean> reported = new CompletableFuture<>();
        Class<? extends ServerChannel> type = m.transport() == Transport.EPOLL
                ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Channel server = new ServerBootstrap().group(m.eventLoop()).channel(type)
                .childHandler(new BlockingHandler(m, reported))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(),
                ((InetSocketAddress) server.localAddress()).getPort())) {
            OutputStream out = client.getOutputStream();
            out.write('x');
            out.flush();
            assertThat(reported.get(T.toSeconds(), TimeUnit.SECONDS))
                    .as("the watchdog reported the handler while it held the machine").isTrue();
        } finally {
            server.close().sync();
        }
        assertThat(m.stats().stalls()).isEqualTo(1);
        assertThat(messages()).anySatisfy(msg -> assertThat(msg)
                .contains("machine '" + m.name() + "' has been held for")
                .contains("by channel handler " + BlockingHandler.class.getName() + ".channelRead("));
    }

    @Test
    void anEventLoopTaskThatBlocksItsMachineIsReportedAsAStallNamingTheTask() throws Exception {
        Machine m = start(Transport.AUTO);
        CompletableFuture<Boolean> reported = new CompletableFuture<>();
        m.eventLoop().execute(() -> reported.complete(holdUntilReported(m)));
        assertThat(reported.get(T.toSeconds(), TimeUnit.SECONDS))
                .as("the watchdog reported the task while it held the machine").isTrue();
        assertThat(m.stats().stalls()).isEqualTo(1);
        assertThat(messages()).anySatisfy(msg -> assertThat(msg)
                .contains("by event-loop task " + StallInNettyTest.class.getName() + ".lambda$"));
    }

    @Test
    void aMachineTaskThatBlocksItsMachineIsReportedAsAStallNamingTheTask() throws Exception {
        Machine m = start(Transport.AUTO);
        CompletableFuture<Boolean> reported = new CompletableFuture<>();
        m.execute(() -> reported.complete(holdUntilReported(m)));
        assertThat(reported.get(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(messages()).anySatisfy(msg -> assertThat(msg)
                .contains("by machine task " + StallInNettyTest.class.getName() + ".lambda$"));
    }

    @Test
    void aMachineBlockedInItsIoWaitIsNeverReported() {
        Machine m = start(Transport.AUTO);
        m.spawn(() -> { }).join(T);  // it has run, and now waits for IO with nothing to do and no timer
        Await.until(T, () -> m.scheduler.ioLoop.isWaitingForIo(), () -> "the machine never waited for IO");
        long rounds = rt.stallCheckRounds();
        // eight rounds a quarter of the threshold apart: twice the threshold of idleness, looked at all along
        Await.until(T, () -> rt.stallCheckRounds() >= rounds + 8, () -> "the watchdog did not run");
        assertThat(m.stats().stalls()).isZero();
        assertThat(messages()).isEmpty();
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /**
     * Blocks the calling machine thread, as a blocking call made there by mistake would, until the watchdog
     * has counted the stall (or, if it never does, for {@link #GIVE_UP}).
     *
     * @return whether the stall was reported
     */
    private static boolean holdUntilReported(Machine m) {
        long end = System.nanoTime() + GIVE_UP.toNanos();
        while (m.stats().stalls() == 0 && System.nanoTime() - end < 0) {
            LockSupport.parkNanos(1_000_000);
        }
        return m.stats().stalls() > 0;
    }

    /** A handler (say, a codec with a blocking lookup) that blocks the machine on the first bytes it reads. */
    private static final class BlockingHandler extends ChannelInboundHandlerAdapter {
        private final Machine machine;
        private final CompletableFuture<Boolean> reported;

        BlockingHandler(Machine machine, CompletableFuture<Boolean> reported) {
            this.machine = machine;
            this.reported = reported;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            reported.complete(holdUntilReported(machine));
        }
    }
}
