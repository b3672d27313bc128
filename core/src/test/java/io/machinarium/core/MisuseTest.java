package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.MachinariumTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest
class MisuseTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void coroutineOnlyCallsFromAPlainThreadFailWithOneClearSentence() {
        assertThatThrownBy(() -> Coroutine.sleep(1)).isInstanceOf(MisuseException.class)
                .hasMessage("Coroutine.sleep must be called inside a coroutine, but thread '"
                        + Thread.currentThread().getName() + "' is not running one; spawn a coroutine with "
                        + "Machine.spawn and call it there.");
        assertThatThrownBy(Coroutine::yieldNow).isInstanceOf(MisuseException.class)
                .hasMessageStartingWith("Coroutine.yieldNow must be called inside a coroutine");
        assertThatThrownBy(Coroutine::checkCancelled).isInstanceOf(MisuseException.class)
                .hasMessageStartingWith("Coroutine.checkCancelled must be called inside a coroutine");
    }

    @Test
    void waitingOnSomeoneElsesBlockerIsAMisuse() {
        Coroutine c = rt.machine(0).spawn(() -> Coroutine.sleep(60_000));
        assertThatThrownBy(() -> c.prepare("x")).isInstanceOf(MisuseException.class)
                .hasMessageContaining("must be called by that coroutine itself");
        assertThatThrownBy(() -> c.await(1, Blocker.NO_DEADLINE)).isInstanceOf(MisuseException.class);
        c.cancel();
    }

    @Test
    void aYieldTheJvmRefusesBecauseThePinIsHeldFailsClearlyAndTheCoroutineGoesOn() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        boolean[] afterwards = new boolean[1];
        rt.machine(0).spawn("pinned", () -> {
            Continuation.pin();
            try {
                Coroutine.sleep(5);
            } catch (MisuseException e) {
                caught.set(e);
            } finally {
                Continuation.unpin();
            }
            Coroutine.sleep(5);
            Coroutine.yieldNow();
            afterwards[0] = true;
        }).join(T);
        assertThat(caught.get()).hasMessage("coroutine 'pinned' cannot suspend for a blocking call because it is "
                + "inside a JVM critical section; move the blocking call out of there, or offload it.");
        assertThat(afterwards[0]).isTrue();
    }

    @Test
    void aYieldInsideAClassInitializerFailsClearly() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        rt.machine(0).spawn("initializer", () -> {
            try {
                BlocksInInitializer.touch();
            } catch (ExceptionInInitializerError e) {
                caught.set(e.getCause());
            }
        }).join(T);
        assertThat(caught.get()).isInstanceOf(MisuseException.class)
                .hasMessageContaining("coroutine 'initializer' cannot suspend")
                .hasMessageContaining("native method or class initializer");
    }

    @Test
    void aPinnedYieldNowFailsClearly() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        rt.machine(0).spawn("yielder", () -> {
            Continuation.pin();
            try {
                Coroutine.yieldNow();
            } catch (MisuseException e) {
                caught.set(e);
            } finally {
                Continuation.unpin();
            }
            Coroutine.yieldNow();
        }).join(T);
        assertThat(caught.get()).hasMessageStartingWith("coroutine 'yielder' cannot suspend for a yield");
    }

    @Test
    void aJvmStartedWithoutTheFlagFailsAtStartUpWithOneSentenceNamingTheFlag() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                StartWithoutFlag.class.getName()))
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).contains("MisuseException: Machinarium needs the JVM option "
                + "'--add-exports java.base/jdk.internal.vm=ALL-UNNAMED' (coroutines use "
                + "jdk.internal.vm.Continuation): add it to the java command line.");
        assertThat(out).doesNotContain("IllegalAccessError");
    }

    /** Run by the child JVM above, without the flag. */
    static final class StartWithoutFlag {
        public static void main(String[] args) {
            try (Machinarium rt = Machinarium.start()) {
                rt.machine(0).spawn(() -> { }).join();
            }
        }
    }

    static final class BlocksInInitializer {
        static {
            Coroutine.sleep(1);
        }

        static void touch() {
        }
    }
}
