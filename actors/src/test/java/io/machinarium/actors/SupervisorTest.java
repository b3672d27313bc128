package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class SupervisorTest {

    private Machinarium rt;
    private ActorSystem system;
    /** How many times each child id has started. */
    private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
        system = ActorSystem.create(rt);
    }

    @AfterEach
    void stop() {
        system.close();
    }

    /** A child that counts its starts, crashes on "crash", returns on "quit" and otherwise waits. */
    private ChildSpec worker(String id) {
        return ChildSpec.actor(id, (ActorContext<String> ctx) -> {
            starts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            for (;;) {
                String m = ctx.receive();
                if (m.equals("crash")) {
                    throw new IllegalStateException(id + " crashed");
                }
                if (m.equals("quit")) {
                    return;
                }
            }
        });
    }

    private int starts(String id) {
        AtomicInteger n = starts.get(id);
        return n == null ? 0 : n.get();
    }

    private ActorRef<String> running(Supervisor sup, String id, ActorRef<?> not) {
        Await.until(id + " running", () -> sup.child(id) != null && sup.child(id) != not && sup.child(id).isAlive());
        return sup.child(id);
    }

    @Test
    void oneForOneRestartsOnlyTheCrashedChild() throws Exception {
        Supervisor sup = Supervisor.start(system, "sup", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                worker("a"), worker("b"), worker("c")));
        Await.until("all started", () -> starts("a") == 1 && starts("b") == 1 && starts("c") == 1);
        ActorRef<String> b = running(sup, "b", null);
        ActorRef<String> a = sup.child("a");
        b.tell("crash");
        ActorRef<String> b2 = running(sup, "b", b);
        assertThat(b2).isNotSameAs(b);
        assertThat(starts("b")).isEqualTo(2);
        assertThat(starts("a")).isEqualTo(1);
        assertThat(starts("c")).isEqualTo(1);
        assertThat(sup.child("a")).isSameAs(a);
        assertThat(sup.restarts()).isEqualTo(1);
        assertThat(system.restartCount()).isEqualTo(1);
        assertThat(sup.childIds()).containsExactly("a", "b", "c");
    }

    @Test
    void oneForAllRestartsEveryChild() throws Exception {
        Supervisor sup = Supervisor.start(system, "sup", SupervisorSpec.of(Strategy.ONE_FOR_ALL,
                worker("a"), worker("b"), worker("c")));
        Await.until("all started", () -> starts("a") == 1 && starts("b") == 1 && starts("c") == 1);
        ActorRef<String> a = running(sup, "a", null);
        ActorRef<String> c = running(sup, "c", null);
        running(sup, "b", null).tell("crash");
        Await.until("all restarted", () -> starts("a") == 2 && starts("b") == 2 && starts("c") == 2);
        assertThat(a.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        assertThat(c.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        running(sup, "a", a);
    }

    @Test
    @MachinariumTest(virtualTime = true)
    void restForOneRestartsExactlyTheLaterSiblings() throws Exception {
        SupervisorSpec spec = SupervisorSpec.of(Strategy.REST_FOR_ONE, worker("a"), worker("b"), worker("c"), worker("d"));
        Supervisor sup = Supervisor.start(system, "sup", spec);
        Await.until("all started", () -> starts("a") == 1 && starts("b") == 1 && starts("c") == 1 && starts("d") == 1);
        ActorRef<String> a = sup.child("a");
        ActorRef<String> b = sup.child("b");
        ActorRef<String> c = sup.child("c");
        ActorRef<String> d = sup.child("d");
        b.tell("crash");
        Await.until("b, c, d restarted", () -> starts("b") == 2 && starts("c") == 2 && starts("d") == 2);
        assertThat(c.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        assertThat(d.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        Await.nothingWithin(rt.machine(0), spec.period(), () -> { }, () -> starts("a") != 1,
                "a restart of a, the earlier sibling, within the restart window");
        assertThat(starts("a")).isEqualTo(1);
        assertThat(sup.child("a")).isSameAs(a);
        assertThat(a.isAlive()).isTrue();
        assertThat(sup.restarts()).isEqualTo(3);
    }

    @Test
    void aRestartStormTripsTheIntensityLimitAndTheSupervisorGivesUp() throws Exception {
        Supervisor sup = Supervisor.start(system, "fragile", SupervisorSpec.of(Strategy.ONE_FOR_ONE, worker("w"),
                worker("bystander")).intensity(3, Duration.ofSeconds(10)));
        Await.until("all started", () -> starts("w") == 1 && starts("bystander") == 1);
        ActorRef<String> bystander = running(sup, "bystander", null);
        ActorRef<String> last = null;
        for (int i = 0; i < 4; i++) {
            last = running(sup, "w", last);
            last.tell("crash");
        }
        ExitReason r = sup.awaitExit(T);
        assertThat(r.kind()).isEqualTo(ExitReason.Kind.CRASHED);
        assertThat(r.cause()).isInstanceOf(SupervisorGaveUpException.class)
                .hasMessageContaining("supervisor 'fragile' gave up: more than 3 restarts within PT10S")
                .hasMessageContaining("child 'w'");
        assertThat(starts("w")).isEqualTo(4);
        assertThat(bystander.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
    }

    @Test
    void aGivenUpSupervisorEscalatesToItsParentWhichRestartsTheSubtree() throws Exception {
        SupervisorSpec inner = SupervisorSpec.of(Strategy.ONE_FOR_ONE, worker("leaf")).intensity(1, Duration.ofSeconds(10));
        Supervisor root = Supervisor.start(system, "root", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                ChildSpec.supervisor("inner", inner), worker("sibling")));
        Await.until("tree up", () -> starts("leaf") == 1 && starts("sibling") == 1);
        ActorRef<?> innerRef = root.child("inner");
        Supervisor innerHandle = root.childSupervisor("inner");
        ActorRef<String> leaf = running(innerHandle, "leaf", null);
        leaf.tell("crash");            // restart 1: allowed
        leaf = running(innerHandle, "leaf", leaf);
        leaf.tell("crash");            // restart 2: over the limit, inner gives up
        ExitReason innerExit = innerRef.awaitExit(T);
        assertThat(innerExit.cause()).isInstanceOf(SupervisorGaveUpException.class);
        Await.until("root restarted inner", () -> root.child("inner") != null && root.child("inner") != innerRef);
        Await.until("leaf started again by the new inner", () -> starts("leaf") == 3);
        assertThat(starts("sibling")).isEqualTo(1);
        assertThat(root.ref().isAlive()).isTrue();
        assertThat(root.restarts()).isEqualTo(1);
    }

    @Test
    @MachinariumTest(virtualTime = true)
    void transientChildrenRestartOnlyAfterACrashAndTemporaryOnesNever() throws Exception {
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE, worker("t").restart(Restart.TRANSIENT),
                worker("tmp").restart(Restart.TEMPORARY), worker("p"));
        Supervisor sup = Supervisor.start(system, "sup", spec);
        ActorRef<String> t = running(sup, "t", null);
        t.tell("crash");
        ActorRef<String> t2 = running(sup, "t", t);
        t2.tell("quit");
        assertThat(t2.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
        ActorRef<String> tmp = running(sup, "tmp", null);
        tmp.tell("crash");
        tmp.awaitExit(T);
        ActorRef<String> p = running(sup, "p", null);
        p.tell("quit");
        running(sup, "p", p);   // permanent: even a normal exit restarts it
        Await.nothingWithin(rt.machine(0), spec.period(), () -> { },
                () -> starts("t") != 2 || starts("tmp") != 1 || starts("p") != 2,
                "a restart of the transient child after its normal exit, or of the temporary one, or a second of p");
        assertThat(starts("t")).isEqualTo(2);
        assertThat(sup.child("t")).isNull();
        assertThat(starts("tmp")).isEqualTo(1);
        assertThat(sup.child("tmp")).isNull();
        assertThat(sup.childIds()).containsExactly("t", "p");
        assertThat(starts("p")).isEqualTo(2);
    }

    @Test
    void stoppingASupervisorStopsItsChildrenAndRegisteredChildrenAreFoundByName() throws Exception {
        Supervisor sup = Supervisor.start(system, "sup", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                worker("named").registered().on(rt.machine(1)), worker("other")));
        ActorRef<String> named = running(sup, "named", null);
        assertThat(system.<String>whereis("named")).isSameAs(named);
        named.tell("crash");
        ActorRef<String> again = running(sup, "named", named);
        Await.until("re-registered", () -> system.<String>whereis("named") == again);
        ActorRef<String> other = sup.child("other");
        sup.stop();
        assertThat(sup.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        assertThat(again.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        assertThat(other.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        assertThat(system.<String>whereis("named")).isNull();
    }
}
