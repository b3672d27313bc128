package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the usual Java tools see: log lines with machine and coroutine names, JFR events. */
class ObservabilityTest {

    @Test
    void aLogLineFromACoroutineCarriesItsMachineAndCoroutineNames() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("[%X{machine}/%X{coroutine}] %msg");
        encoder.start();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger logger = context.getLogger("observability-test");
        logger.addAppender(appender);
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).machineNames("billing")
                .logContext(true).build())) {
            rt.machine(0).spawn("invoice-42", () -> {
                logger.info("charging");
                Coroutine.yieldNow();
                logger.info("charged");
            }).join(T);
            rt.machine(0).spawn("other", () -> logger.info("next")).join(T);
        } finally {
            logger.detachAppender(appender);
        }
        List<String> lines = appender.list.stream()
                .map(e -> new String(encoder.encode(e), StandardCharsets.UTF_8)).collect(Collectors.toList());
        assertThat(lines).containsExactly("[billing/invoice-42] charging", "[billing/invoice-42] charged",
                "[billing/other] next");
    }

    @Test
    void aJfrRecordingShowsACoroutineThatHoldsItsMachineAndCoroutineLifetimes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stall.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.machinarium.CoroutineStall");
            recording.enable("io.machinarium.CoroutineLifetime");
            recording.start();
            try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1)
                    .stallThreshold(Duration.ofMillis(100)).build())) {
                Machine m = rt.machine(0);
                m.spawn("spinner", () -> {
                    // holds the machine until the watchdog has seen it (CPU time counts, and a busy host may
                    // give this thread little of it), with the test's bound as the only limit
                    long end = System.nanoTime() + T.toNanos();
                    while (m.stats().stalls() == 0 && System.nanoTime() < end) {
                        Thread.onSpinWait();  // holds the machine: the stall the event is for
                    }
                }).join(T.multipliedBy(2));
                rt.machine(0).spawn("short-lived", () -> Coroutine.sleep(Duration.ofMillis(5))).join(T);
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> stalls = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.machinarium.CoroutineStall")).toList();
        assertThat(stalls).hasSize(1);
        RecordedEvent stall = stalls.get(0);
        assertThat(stall.getString("coroutine")).isEqualTo("spinner");
        assertThat(stall.getDuration("held")).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(stall.getString("stack")).contains("ObservabilityTest");
        List<String> lifetimes = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.machinarium.CoroutineLifetime"))
                .map(e -> e.getString("coroutine") + " " + e.getString("outcome")).toList();
        assertThat(lifetimes).contains("spinner returned", "short-lived returned");
        assertThat(Files.size(file)).isPositive();
    }
}
