package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.sync.Mutex;
import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.testing.Await;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Suspending inside {@code synchronized}. Measured on JDK 25: the JVM lets a continuation suspend while it
 * holds a monitor, the monitor stays locked, and a second coroutine of the machine that enters it blocks the
 * machine thread for good. Where it can be detected the offending call fails with {@link MisuseException}.
 */
class SynchronizedSuspendTest {

    @Test
    void withTheMonitorCheckASuspensionInsideSynchronizedFailsAndTheOtherCoroutineEntersTheMonitor() {
        Object lock = new Object();
        AtomicReference<Throwable> sleepInside = new AtomicReference<>();
        AtomicReference<Throwable> yieldInside = new AtomicReference<>();
        List<String> order = new ArrayList<>();
        try (Machinarium rt = start(true)) {
            Coroutine holder = rt.machine(0).spawn("holder", () -> {
                synchronized (lock) {
                    order.add("holder in");
                    try {
                        Coroutine.sleep(Duration.ofMillis(10));
                    } catch (MisuseException e) {
                        sleepInside.set(e);
                    }
                    try {
                        Coroutine.yieldNow();
                    } catch (MisuseException e) {
                        yieldInside.set(e);
                    }
                    order.add("holder out");
                }
                Coroutine.sleep(Duration.ofMillis(1));  // outside the block it suspends as usual
            });
            Coroutine other = rt.machine(0).spawn("other", () -> {
                synchronized (lock) {
                    order.add("other in");
                }
            });
            holder.join(T);
            other.join(T);
        }
        assertThat(order).containsExactly("holder in", "holder out", "other in");
        assertThat(sleepInside.get()).isInstanceOf(MisuseException.class)
                .hasMessageStartingWith("coroutine 'holder' cannot suspend for a blocking call because it holds "
                        + "the monitor of java.lang.Object@")
                .hasMessageContaining("(it is inside a synchronized block or method)")
                .hasMessageContaining("SynchronizedSuspendTest")
                .hasMessageContaining("io.machinarium.core.sync.Mutex instead of synchronized");
        assertThat(yieldInside.get()).hasMessageStartingWith("coroutine 'holder' cannot suspend for a yield because "
                + "it holds the monitor of");
    }

    @Test
    void withTheMonitorCheckTheRuntimesOwnBlockingCallsSuspendAsUsual() {
        try (Machinarium rt = start(true)) {
            Mutex mutex = new Mutex();
            SharedChannel<String> channel = new SharedChannel<>();
            WaitFlag flag = new WaitFlag();
            Task<String> reader = rt.machine(0).spawnTask(() -> {
                mutex.lock();
                try {
                    flag.await(T);
                    return channel.read(T);
                } finally {
                    mutex.unlock();
                }
            });
            Task<Void> writer = rt.machine(0).spawnTask(() -> {
                try (Scope scope = Scope.open()) {
                    scope.spawn(() -> {
                        Coroutine.yieldNow();
                        flag.set();
                        return null;
                    });
                    scope.join(T);
                }
                Coroutine.sleep(Duration.ofMillis(1));
                channel.write("through");
                return null;
            });
            writer.join(T);
            assertThat(reader.join(T)).isEqualTo("through");
        }
    }

    @Test
    void onJdk24AndLaterWithoutTheCheckTheSecondCoroutineHangsTheMachineAndTheWatchdogSaysWhy() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 24, "before JDK 24 the JVM itself refuses to suspend "
                + "a continuation that holds a monitor (Pinned.MONITOR); only the JVM's refusal is tested there");
        String out = runChild("hang");
        Assumptions.assumeFalse(out.contains("JVM refused"), "this JVM refuses such a suspension itself");
        assertThat(out).contains("machine 'locked' is stalled");
        assertThat(out).contains("ERROR StallWatchdog - machine 'locked' has been held for")
                .contains("by coroutine 'other'; its thread is blocked entering a monitor that no running thread "
                        + "owns — a coroutine of this machine suspended inside synchronized and holds it");
        assertThat(out).contains("machine 'locked' did not stop within PT1S; its thread is BLOCKED at "
                + Child.class.getName());
    }

    @Test
    void whereTheJvmRefusesTheSuspensionTheCallFailsWithMisuseAndTheMachineGoesOn() throws Exception {
        String out = runChild("legacy", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:LockingMode=1");
        Assumptions.assumeTrue(out.contains("JVM refused") || out.contains("no refusal"),
                "the child did not run: " + out);
        Assumptions.assumeTrue(out.contains("JVM refused"), "this JDK has no legacy locking mode "
                + "(-XX:LockingMode=1), the one in which the JVM itself refuses to suspend inside synchronized");
        assertThat(out).contains("JVM refused: coroutine 'holder' cannot suspend for a blocking call because it holds "
                + "a monitor (it is inside a synchronized block or method); suspending there would keep the monitor");
        assertThat(out).contains("other entered the monitor");
    }

    @Test
    void aMachineThatIsNotBlockedOnAMonitorGetsNoMonitorHint() {
        assertThat(MonitorCheck.stallHint(Thread.currentThread())).isEmpty();
        synchronized (this) {
            assertThat(MonitorCheck.heldByCurrentThread()).startsWith("the monitor of " + getClass().getName());
        }
        assertThat(MonitorCheck.heldByCurrentThread()).isNull();
    }

    @Test
    void theMonitorCheckIsOffByDefault() {
        assertThat(MachinariumConfig.defaults().monitorCheck()).isFalse();
        assertThatThrownBy(() -> MachinariumConfig.builder().uncaughtFailureHandler(null).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Machinarium start(boolean monitorCheck) {
        return Machinarium.start(MachinariumConfig.builder().machines(1).monitorCheck(monitorCheck)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    private static String runChild(String mode, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), mode));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Run in a child JVM: a hung machine cannot be freed, so it must not be the test JVM's. */
    static final class Child {
        private static final Object LOCK = new Object();

        public static void main(String[] args) {
            Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).machineNames("locked")
                    .stallThreshold(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(1)).build());
            Coroutine holder = rt.machine(0).spawn("holder", () -> {
                synchronized (LOCK) {
                    try {
                        Coroutine.sleep(Duration.ofMillis(50));
                        System.out.println("no refusal: suspended inside synchronized");
                    } catch (MisuseException e) {
                        System.out.println("JVM refused: " + e.getMessage());
                    }
                }
            });
            Coroutine other = rt.machine(0).spawn("other", () -> {
                synchronized (LOCK) {
                    System.out.println("other entered the monitor");
                }
            });
            if (args[0].equals("legacy")) {
                holder.join(Duration.ofSeconds(30));
                other.join(Duration.ofSeconds(30));
            } else {
                boolean stalled = Await.holdsWithin(Duration.ofSeconds(30), () -> rt.machine(0).stats().stalls() > 0);
                System.out.println("machine 'locked' is " + (stalled ? "stalled" : "fine"));
            }
            rt.close();
            System.out.flush();
        }
    }
}
