package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** AUTO falls back to NIO where epoll is unavailable, and says so in one line, once per runtime. */
class TransportFallbackTest {
    private static final String FALLBACK = "the epoll transport is unavailable here";

    @Test
    void autoWithoutEpollChoosesNioAndLogsOneInfoLineWithTheReason() {
        ListAppender<ILoggingEvent> log = capture("fallback");
        Transport chosen = TransportChoice.resolveAuto(false,
                () -> new UnsupportedOperationException("no native library for this platform"), logger("fallback"));
        assertThat(chosen).isEqualTo(Transport.NIO);
        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage()).contains(FALLBACK, "no native library for this platform", "NIO");
        });
    }

    @Test
    void autoWithEpollChoosesEpollAndLogsNothing() {
        ListAppender<ILoggingEvent> log = capture("epoll");
        assertThat(TransportChoice.resolveAuto(true, () -> null, logger("epoll"))).isEqualTo(Transport.EPOLL);
        assertThat(log.list).isEmpty();
    }

    @Test
    void aRuntimeWithoutEpollRunsEveryMachineOnNioAndLogsTheFallbackOnce() throws Exception {
        // Netty's own switch makes epoll unavailable in the child JVM, as on a platform with no native library.
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Dio.netty.transport.noNative=true",
                "-cp", System.getProperty("java.class.path"), ThreeMachinesOnAuto.class.getName()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("transports [NIO, NIO, NIO]");
        assertThat(out.lines().filter(l -> l.contains(FALLBACK))).as(out).hasSize(1);
    }

    /** Run by the child JVM above: two machines at the start and one more later, all on AUTO. */
    static final class ThreeMachinesOnAuto {
        public static void main(String[] args) {
            try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2).build())) {
                Machine late = rt.startMachine("late", () -> { });
                System.out.println("transports " + List.of(rt.machine(0).transport(), rt.machine(1).transport(),
                        late.transport()));
            }
        }
    }

    private static Logger logger(String name) {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(TransportFallbackTest.class.getName()
                + "." + name);
    }

    private static ListAppender<ILoggingEvent> capture(String name) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger(name).addAppender(appender);
        return appender;
    }
}
