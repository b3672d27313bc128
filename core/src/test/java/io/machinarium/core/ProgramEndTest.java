package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.testing.MachinariumTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Machine threads are daemons: a program waits for its machines with awaitTermination, or ends with main. */
@MachinariumTest(machines = 2)
class ProgramEndTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void awaitTerminationReturnsTrueOnceEveryMachineHasStopped() throws Exception {
        WaitFlag go = new WaitFlag();
        CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> rt.awaitTermination(null));
        rt.machine(0).spawn("stopper", () -> {
            go.await(T);
            rt.machines().forEach(Machine::stop);
        });
        assertThat(rt.awaitTermination(Duration.ofMillis(1))).as("the machines still run").isFalse();
        assertThat(ended).isNotDone();
        go.set();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(rt.machines()).allSatisfy(m -> assertThat(m.isTerminated()).isTrue());
    }

    @Test
    void awaitTerminationWaitsForAMachineStartedWhileItWaits() throws Exception {
        WaitFlag release = new WaitFlag();
        rt.machine(0).stop();
        rt.machine(1).spawn(() -> {
            rt.startMachine("late", () -> release.await(T), MachineLifetime.UNTIL_LAST_COROUTINE_ENDS);
            Machine.current().stop();
        });
        CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> rt.awaitTermination(null));
        rt.machine(1).await(T);
        assertThat(rt.machines()).hasSize(3);
        assertThat(rt.awaitTermination(Duration.ofMillis(1))).as("'late' still runs").isFalse();
        release.set();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void awaitTerminationOnOneOfTheRuntimesMachinesIsAMisuse() {
        Task<Boolean> self = rt.machine(0).spawnTask(() -> rt.awaitTermination(T));
        assertThatThrownBy(() -> self.join(T)).cause().isInstanceOf(MisuseException.class)
                .hasMessageContaining("would wait for its own end");
    }

    @Test
    void returningFromMainEndsTheProgramAtOnceUnlessItAwaitsTermination() throws Exception {
        assertThat(runChild("return")).doesNotContain("the coroutine finished").contains("main returns");
        assertThat(runChild("await")).containsSubsequence("the coroutine finished", "main returns");
    }

    private static String runChild(String mode) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), MainThatReturns.class.getName(), mode))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Run by the child JVM above: a coroutine that runs on, and a main that does or does not wait for it. */
    static final class MainThatReturns {
        public static void main(String[] args) {
            boolean await = args[0].equals("await");
            Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build());
            rt.machine(0).spawn(() -> {
                if (!await) {
                    new WaitFlag().await(null);  // never ends: only the daemon machine thread lets the JVM exit
                }
                Coroutine.sleep(Duration.ofMillis(100));
                System.out.println("the coroutine finished");
                rt.machine(0).stop();
            });
            if (await) {
                rt.awaitTermination(null);
                rt.close();
            }
            System.out.println("main returns");
        }
    }
}
