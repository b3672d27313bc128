package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.channel.LocalChannel;
import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class DumpTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void theDumpListsEveryCoroutineWithWhatItWaitsOnAndItsStack() {
        Coroutine sleeper = rt.machine(0).spawn("sleeper", DumpTest::sleepDeep);
        Coroutine joiner = rt.machine(1).spawn("joiner", () -> {
            try {
                sleeper.join();
            } catch (CoroutineFailedException expected) {
                // the sleeper ends by cancellation below
            }
        });
        awaitWaiting(sleeper);
        awaitWaiting(joiner);
        List<CoroutineInfo> dump = rt.coroutines(T);
        CoroutineInfo s = dump.stream().filter(i -> i.name().equals("sleeper")).findFirst().orElseThrow();
        CoroutineInfo j = dump.stream().filter(i -> i.name().equals("joiner")).findFirst().orElseThrow();
        assertThat(s.machine()).isEqualTo(rt.machine(0).name());
        assertThat(s.state()).isEqualTo(CoroutineState.WAITING);
        assertThat(s.waitingOn()).isEqualTo("sleep");
        assertThat(s.id()).isEqualTo(sleeper.id());
        assertThat(s.stack()).anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("sleepDeep"));
        assertThat(j.waitingOn()).contains("sleeper");
        assertThat(rt.dump(T)).contains("\"sleeper\" #" + sleeper.id()).contains("waiting on sleep")
                .contains("at io.machinarium.core.DumpTest.sleepDeep");
        sleeper.cancel();
        joiner.join(T);
    }

    @Test
    void aMachineHeldByABusyCoroutineIsReportedWithItsThreadStack() {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Coroutine hog = rt.machine(0).spawn("hog", () -> {
            while (!stop.get()) {
                Thread.onSpinWait();  // the behaviour under test: a coroutine that holds its machine and never yields
            }
        });
        Await.until("the hog running", () -> hog.state() == CoroutineState.RUNNING);
        List<CoroutineInfo> dump = rt.coroutines(Duration.ofMillis(200));
        stop.set(true);
        assertThat(dump).anySatisfy(i -> {
            assertThat(i.name()).contains("machine busy");
            assertThat(i.machine()).isEqualTo(rt.machine(0).name());
            assertThat(i.stack()).isNotEmpty();
        });
    }

    @Test
    void theDumpNamesEachCoroutinesParentSoItReadsAsATree() {
        Coroutine[] child = new Coroutine[1];
        WaitFlag started = new WaitFlag();
        Coroutine parent = rt.machine(0).spawn("parent", () -> {
            try (Scope scope = Scope.open()) {
                child[0] = scope.spawn(rt.machine(1), "child", () -> {
                    sleepDeep();
                    return null;
                }).coroutine();
                started.set();
            }
        });
        started.await(T);
        awaitWaiting(child[0]);
        awaitWaiting(parent);
        List<CoroutineInfo> dump = rt.coroutines(T);
        CoroutineInfo p = dump.stream().filter(i -> i.name().equals("parent")).findFirst().orElseThrow();
        CoroutineInfo c = dump.stream().filter(i -> i.name().equals("child")).findFirst().orElseThrow();
        assertThat(p.parentId()).isZero();
        assertThat(c.parentId()).isEqualTo(parent.id());
        assertThat(p.waitingOn()).isEqualTo("scope of coroutine 'parent' (children running: 1)");
        assertThat(rt.dump(T)).contains("\"child\" #" + child[0].id() + " parent=#" + parent.id() + " machine=")
                .contains("\"parent\" #" + parent.id() + " machine=");
        parent.cancel();
        assertThatThrownBy(() -> parent.join(T)).cause().isInstanceOf(CancelledException.class);
        assertThat(child[0].isDone()).isTrue();
    }

    private static void sleepDeep() {
        Coroutine.sleep(60_000);
    }

    private static void awaitWaiting(Coroutine c) {
        Await.blocked(c);
    }

    @Test
    @MachinariumTest(machines = 2, coroutinesMayOutlive = true)  // thousands of sleepers, ended by the close
    void aLargeDumpIsTakenInSlicesBetweenWhichTheMachineKeepsSchedulingItsOtherCoroutines() {
        Machine m = rt.machine(0);
        int sleepers = 20_000;
        m.spawn(() -> {
            for (int i = 0; i < sleepers; i++) {
                Machine.current().spawn("sleeper-" + i, DumpTest::sleepDeep);
            }
        }).join(T);
        AtomicLong hops = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Coroutine pingPong = m.spawn("ping-pong", () -> {
            LocalChannel<Integer> ping = new LocalChannel<>();
            LocalChannel<Integer> pong = new LocalChannel<>();
            Coroutine ponger = Machine.current().spawn("pong", () -> {
                for (Integer ball = ping.read(T); ball >= 0; ball = ping.read(T)) {
                    hops.incrementAndGet();
                    pong.write(ball + 1);
                }
            });
            for (int ball = 0; !stop.get(); ball = pong.read(T)) {
                hops.incrementAndGet();
                ping.write(ball);
            }
            ping.write(-1);
            ponger.join();
        });
        Await.until(T, () -> hops.get() > 0, () -> "the ping-pong never started");

        List<Long> hopsAtEachSlice = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        rt.dump(T, new DumpLimits(sleepers + 10, 4), slice -> {
            hopsAtEachSlice.add(hops.get());
            text.append(slice);
        });
        stop.set(true);
        pingPong.join(T);

        long listed = text.toString().lines().filter(l -> l.startsWith("\"")).count();
        assertThat(listed).as("every coroutine but the dump's own: sleepers, ping and pong").isEqualTo(sleepers + 2);
        assertThat(text).contains("\"sleeper-0\"", "\"sleeper-" + (sleepers - 1) + "\"", "\"ping-pong\"", "\"pong\"")
                .doesNotContain("coroutine dump").doesNotContain("more coroutines");
        assertThat(hopsAtEachSlice).as("slices of %d coroutines", CoroutineDump.SLICE)
                .hasSizeGreaterThanOrEqualTo((sleepers + 2) / CoroutineDump.SLICE);
        for (int i = 1; i < hopsAtEachSlice.size(); i++) {
            assertThat(hopsAtEachSlice.get(i)).as("ping-pong hops by slice %d: it ran between two slices", i)
                    .isGreaterThan(hopsAtEachSlice.get(i - 1));
        }
        int at = text.indexOf("\"sleeper-7\"");
        String sleeper7 = text.substring(at, text.indexOf("\n\n", at));
        assertThat(sleeper7.lines().filter(l -> l.startsWith("\tat ")).count()).as("frames listed").isEqualTo(4);
        assertThat(sleeper7).endsWith("\t…");
    }

    @Test
    @MachinariumTest(machines = 2, coroutinesMayOutlive = true)  // thousands of sleepers, ended by the close
    void aDumpListsAtMostTheLimitPerMachineAndCountsTheRest() {
        Machine m = rt.machine(1);
        m.spawn(() -> {
            for (int i = 0; i < 2_500; i++) {
                Machine.current().spawn("sleeper-" + i, DumpTest::sleepDeep);
            }
        }).join(T);
        StringBuilder text = new StringBuilder();
        rt.dump(T, new DumpLimits(1_000, 64), text::append);
        assertThat(text.toString().lines().filter(l -> l.startsWith("\"sleeper-"))).hasSize(1_000);
        assertThat(text).contains("\"sleeper-0\"", "\"sleeper-999\"").doesNotContain("\"sleeper-1000\"")
                .contains("… 1500 more coroutines on machine '" + m.name() + "' (the dump lists 1000 per machine)");
        assertThat(rt.coroutines(T)).filteredOn(i -> i.name().startsWith("sleeper-")).hasSize(2_500);
    }
}
