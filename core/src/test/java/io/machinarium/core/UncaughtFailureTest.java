package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A coroutine failure that nobody joins is never silent: the runtime's handler gets it, by default a log line. */
class UncaughtFailureTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void captureTheLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        log.setContext(context);
        log.start();
        logger = context.getLogger(UncaughtFailureHandler.class);
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    @Test
    void aFailureNobodyJoinsIsLoggedAtErrorWithTheCoroutinesNameMachineAndStack() {
        try (Machinarium rt = start(UncaughtFailureHandler.logging())) {
            rt.machine(0).spawn("doomed", () -> {
                throw new IllegalStateException("nobody is listening");
            });
            Await.until(T, () -> !log.list.isEmpty(), () -> "nothing was logged");
        }
        ILoggingEvent e = log.list.get(0);
        assertThat(e.getLevel()).isEqualTo(Level.ERROR);
        assertThat(e.getFormattedMessage()).contains("coroutine 'doomed'", "machine 'uncaught-0'",
                "IllegalStateException: nobody is listening");
        assertThat(e.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(e.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
    }

    @Test
    void aConfiguredHandlerGetsTheCoroutineAndItsFailureAndNothingIsLogged() throws Exception {
        CompletableFuture<Object[]> got = new CompletableFuture<>();
        try (Machinarium rt = start((c, f) -> got.complete(new Object[] {c, f}))) {
            Coroutine doomed = rt.machine(0).spawn("doomed", () -> {
                throw new IllegalArgumentException("bad");
            });
            Object[] report = got.get(10, TimeUnit.SECONDS);
            assertThat(report[0]).isSameAs(doomed);
            assertThat((Throwable) report[1]).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
        }
        assertThat(log.list).isEmpty();
    }

    @Test
    void aFailureAJoinerWaitsForIsThrownToItAndNotReported() {
        List<Coroutine> reported = new CopyOnWriteArrayList<>();
        try (Machinarium rt = start((c, f) -> reported.add(c))) {
            WaitFlag go = new WaitFlag();
            Coroutine doomed = rt.machine(0).spawn("doomed", () -> {
                go.await(T);
                throw new IllegalStateException("seen");
            });
            Task<Throwable> joiner = rt.machine(0).spawnTask("joiner", () -> {
                try {
                    doomed.join(T);
                    return null;
                } catch (CoroutineFailedException e) {
                    return e.getCause();
                }
            });
            Await.until(T, () -> joiner.coroutine().state() == CoroutineState.WAITING,
                    () -> "joiner is " + joiner.coroutine().state());
            go.set();
            assertThat(joiner.join(T)).hasMessage("seen");
        }
        assertThat(reported).isEmpty();  // the report would have come before the joiner was woken
    }

    @Test
    void aCoroutineEndedByItsCancellationIsNotReported() {
        List<Coroutine> reported = new CopyOnWriteArrayList<>();
        try (Machinarium rt = start((c, f) -> reported.add(c))) {
            WaitFlag never = new WaitFlag();
            Coroutine sleeper = rt.machine(0).spawn("sleeper", () -> never.await(null));
            Await.until(T, () -> sleeper.state() == CoroutineState.WAITING, () -> "sleeper is " + sleeper.state());
            sleeper.cancel();
            Coroutine after = rt.machine(0).spawn("after", () -> { });
            after.join(T);
            Await.until(T, sleeper::isDone, () -> "sleeper is " + sleeper.state());
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void aHandlerThatThrowsIsReportedOnStderrAndTheMachineGoesOn() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Machinarium rt = start((c, f) -> {
            throw new IllegalStateException("handler broke");
        })) {
            rt.machine(0).spawn("doomed", () -> {
                throw new IllegalStateException("first");
            });
            Await.until(T, () -> captured.toString(StandardCharsets.UTF_8).contains("handler broke"),
                    () -> "stderr had: " + captured.toString(StandardCharsets.UTF_8));
            assertThat(rt.machine(0).spawnTask(() -> "still running").join(T)).isEqualTo("still running");
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("the uncaught-failure handler", "coroutine 'doomed'", "Suppressed: java.lang.IllegalStateException: first");
    }

    @Test
    void withoutAnSlf4jProviderTheDefaultHandlerPrintsTheFailureToStderr() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("logback") && !entry.contains("slf4j-simple")
                        && !entry.contains("slf4j-nop") && !entry.contains("slf4j-jdk"))
                .collect(Collectors.joining(File.pathSeparator));
        Process p = new ProcessBuilder(List.of(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", classPath, FailsWithoutALogger.class.getName()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("No SLF4J providers were found");  // proof the child had none
        assertThat(out).contains("machinarium: coroutine 'doomed' on machine 'lonely' failed and nobody joined it: "
                + "java.lang.IllegalStateException: printed without a logger");
        assertThat(out).contains("\tat " + FailsWithoutALogger.class.getName());
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** Run by the child JVM above, with no SLF4J provider on its class path. */
    static final class FailsWithoutALogger {
        public static void main(String[] args) {
            try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).machineNames("lonely")
                    .build())) {
                rt.machine(0).spawn("doomed", FailsWithoutALogger::fail);
                rt.machine(0).spawnTask(() -> null).join();  // runs after the failure was reported
            }
        }

        private static void fail() {
            throw new IllegalStateException("printed without a logger");
        }
    }

    @Test
    void aFailedChildOfAScopeWhoseOwningCoroutineEndsWithoutJoiningIsReported() throws Exception {
        CompletableFuture<Object[]> got = new CompletableFuture<>();
        try (Machinarium rt = start((c, f) -> got.complete(new Object[] {c, f}))) {
            WaitFlag ownerGone = new WaitFlag();
            Coroutine owner = rt.machine(0).spawn("forgetful", () -> {
                Scope scope = Scope.open();  // never joined, never closed
                scope.spawn(rt.machine(0), "child", () -> {
                    ownerGone.await(T);
                    throw new IllegalStateException("after the owner left");
                });
            });
            owner.join(T);
            ownerGone.set();
            Object[] report = got.get(10, TimeUnit.SECONDS);
            assertThat(((Coroutine) report[0]).name()).isEqualTo("child");
            assertThat((Throwable) report[1]).hasMessage("after the owner left");
        }
    }

    @Test
    void aChildFailureWaitingInAScopeIsReportedWhenItsOwnerEnds() throws Exception {
        CompletableFuture<Object[]> got = new CompletableFuture<>();
        try (Machinarium rt = start((c, f) -> got.complete(new Object[] {c, f}))) {
            rt.machine(0).spawn("forgetful", () -> {
                Scope scope = Scope.open();
                Task<Void> child = scope.spawn(() -> {
                    throw new IllegalStateException("before the owner left");
                });
                while (!child.isDone()) {
                    Coroutine.yieldNow();
                }
                assertThat(got).as("not reported while the owner could still join").isNotDone();
            }).join(T);
            Object[] report = got.get(10, TimeUnit.SECONDS);
            assertThat((Throwable) report[1]).hasMessage("before the owner left");
        }
    }

    @Test
    void aFailureAScopesOwnerThrowsIsNotReported() {
        List<Coroutine> reported = new CopyOnWriteArrayList<>();
        try (Machinarium rt = start((c, f) -> reported.add(c))) {
            Scope scope = Scope.open();
            scope.spawn(rt.machine(0), () -> {
                throw new IllegalStateException("thrown to the owner");
            });
            assertThatThrownBy(scope::close).isInstanceOf(CoroutineFailedException.class)
                    .cause().hasMessage("thrown to the owner");
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void aScopeAPlainThreadDropsWithAChildFailureInItIsReportedOnceCollected() throws Exception {
        CompletableFuture<Object[]> got = new CompletableFuture<>();
        try (Machinarium rt = start((c, f) -> got.complete(new Object[] {c, f}))) {
            Task<Void> child = openAndDrop(rt);
            Await.until(T, child::isDone, () -> "the child is " + child.coroutine().state());
            Await.until(T, () -> {
                System.gc();
                return got.isDone();
            }, () -> "the dropped scope's failure was not reported");
            assertThat((Throwable) got.get()[1]).hasMessage("dropped with the scope");
        }
    }

    /** Opens a scope on this thread, gives it a failing child and forgets it (never joined, never closed). */
    private static Task<Void> openAndDrop(Machinarium rt) {
        Scope scope = Scope.open();
        return scope.spawn(rt.machine(0), () -> {
            throw new IllegalStateException("dropped with the scope");
        });
    }

    private static Machinarium start(UncaughtFailureHandler handler) {
        return Machinarium.start(MachinariumConfig.builder().machines(1).machineNames("uncaught-0")
                .uncaughtFailureHandler(handler).shutdownTimeout(Duration.ofSeconds(5)).build());
    }
}
