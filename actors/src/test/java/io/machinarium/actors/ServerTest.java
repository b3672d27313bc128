package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class ServerTest {

    sealed interface Op permits Deposit, Withdraw, Balance, Fail, Slow, Later, Quit {
    }

    record Deposit(long amount) implements Op {
    }

    record Withdraw(long amount) implements Op, Call<String> {
    }

    record Balance() implements Op, Call<Long> {
    }

    record Fail() implements Op, Call<String> {
    }

    record Slow(Duration delay) implements Op, Call<String> {
    }

    record Later() implements Op, Call<String> {
    }

    record Quit() implements Op, Call<String> {
    }

    private Machinarium rt;
    private ActorSystem system;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
        system = ActorSystem.create(rt);
    }

    @AfterEach
    void stop() {
        system.close();
    }

    /** An account: the state is a field, the callbacks are a switch. */
    final class Account implements ServerBehaviour<Op> {
        private long balance;
        private ActorRef<Object> pending;

        Account(long initial) {
            balance = initial;
        }

        @Override
        public void init(ServerContext<Op> ctx) {
            events.add("init " + balance);
        }

        @Override
        public Object handleCall(Op op, ServerContext<Op> ctx) {
            return switch (op) {
                case Balance b -> balance;
                case Withdraw w when w.amount() > balance -> "insufficient funds";
                case Withdraw w -> {
                    balance -= w.amount();
                    yield "ok";
                }
                case Fail f -> throw new IllegalStateException("ledger corrupt");
                case Slow s -> {
                    io.machinarium.core.Coroutine.sleep(s.delay());
                    yield "slow";
                }
                case Later l -> {
                    pending = ctx.deferReply();
                    ctx.sendAfter(Duration.ofMillis(20), "answer-pending");
                    yield "ignored";
                }
                case Quit q -> {
                    ctx.stop();
                    yield "bye";
                }
                default -> throw new IllegalArgumentException("not a call: " + op);
            };
        }

        @Override
        public void handleCast(Op op, ServerContext<Op> ctx) {
            if (op instanceof Deposit d) {
                balance += d.amount();
            }
        }

        @Override
        public void handleInfo(Object info, ServerContext<Op> ctx) {
            events.add("info " + info);
            if (info.equals("answer-pending")) {
                pending.tell("deferred answer");
            }
        }

        @Override
        public void terminate(ExitReason reason, ServerContext<Op> ctx) {
            events.add("terminate " + reason.kind());
        }
    }

    @Test
    void callsCastsAndInfosReachTheirCallbacksInOrder() {
        ServerRef<Op> acct = ServerRef.start(system, SpawnOptions.named("a1").on(rt.machine(1)), () -> new Account(100));
        acct.cast(new Deposit(50));
        assertThat((long) acct.call(new Balance(), T)).isEqualTo(150L);
        assertThat((String) acct.call(new Withdraw(500), T)).isEqualTo("insufficient funds");
        assertThat((String) acct.call(new Withdraw(30), T)).isEqualTo("ok");
        assertThat((long) acct.call(new Balance(), T)).isEqualTo(120L);
        acct.info("hello");
        assertThat((String) acct.call(new Quit(), T)).isEqualTo("bye");
        assertThat(acct.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
        assertThat(events).containsExactly("init 100", "info hello", "terminate NORMAL");
    }

    @Test
    void aCallTimesOutAndTheLateReplyIsADeadLetter() throws Exception {
        CopyOnWriteArrayList<DeadLetter> dead = new CopyOnWriteArrayList<>();
        system.onDeadLetter(dead::add);
        ServerRef<Op> acct = ServerRef.start(system, SpawnOptions.named("slow"), () -> new Account(0));
        assertThatThrownBy(() -> acct.call(new Slow(Duration.ofMillis(150)), Duration.ofMillis(20)))
                .isInstanceOf(TimedOutException.class);
        assertThat((long) acct.call(new Balance(), T)).isEqualTo(0L);
        assertThat(dead).extracting(DeadLetter::message).containsExactly("slow");
    }

    @Test
    void aDeferredReplyAnswersTheCallerLater() {
        ServerRef<Op> acct = ServerRef.start(system, SpawnOptions.named("deferred"), () -> new Account(0));
        assertThat((String) acct.call(new Later(), T)).isEqualTo("deferred answer");
    }

    @Test
    void aCrashInHandleCallFailsTheCallerRunsTerminateAndTheSupervisorRestartsWithFreshState() throws Exception {
        Supervisor sup = Supervisor.start(system, "bank", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                ChildSpec.server("acct", () -> new Account(10)).registered()));
        Await.until("acct registered", () -> ServerRef.lookup(system, "acct", Op.class) != null);
        ServerRef<Op> acct = ServerRef.lookup(system, "acct", Op.class);
        acct.cast(new Deposit(5));
        assertThat((long) acct.call(new Balance(), T)).isEqualTo(15L);
        assertThatThrownBy(() -> acct.call(new Fail(), T)).isInstanceOf(ActorExitedException.class)
                .hasRootCauseMessage("ledger corrupt");
        Await.until("a new acct registered and alive", () -> {
            ServerRef<Op> r = ServerRef.lookup(system, "acct", Op.class);
            return r != null && r.isAlive() && r.actor() != acct.actor();
        });
        ServerRef<Op> again = ServerRef.lookup(system, "acct", Op.class);
        assertThat((long) again.call(new Balance(), T)).isEqualTo(10L);
        assertThat(events).contains("terminate CRASHED");
        assertThat(events.stream().filter(e -> e.startsWith("init"))).hasSize(2);
    }

    @Test
    void anIdleTimeoutArrivesAsInfo() {
        ServerRef<Op> idle = ServerRef.start(system, SpawnOptions.named("idle"), () -> new ServerBehaviour<Op>() {
            @Override
            public void init(ServerContext<Op> ctx) {
                ctx.idleTimeout(Duration.ofMillis(30));
            }

            @Override
            public void handleInfo(Object info, ServerContext<Op> ctx) {
                if (info instanceof IdleTimeout t) {
                    events.add("idle after " + t.after().toMillis() + " ms");
                    ctx.stop();
                }
            }
        });
        assertThat(idle.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
        assertThat(events).containsExactly("idle after 30 ms");
    }

    @Test
    void aServerThatAnswersNoCallsFailsTheCallerClearlyAndStoppingRunsTerminate() {
        ServerRef<Op> mute = ServerRef.start(system, SpawnOptions.named("mute"), () -> new ServerBehaviour<Op>() {
            @Override
            public void terminate(ExitReason reason, ServerContext<Op> ctx) {
                events.add("terminate " + reason.kind());
            }
        });
        assertThatThrownBy(() -> mute.call(new Balance(), T)).isInstanceOf(ActorExitedException.class)
                .hasRootCauseMessage("server 'mute' answers no call; it got Balance[]");
        ServerRef<Op> other = ServerRef.start(system, SpawnOptions.named("other"), () -> new Account(1));
        assertThat((long) other.call(new Balance(), T)).isEqualTo(1L);
        other.stop();
        assertThat(other.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        assertThat(events).contains("terminate CRASHED", "terminate STOPPED");
        assertThatThrownBy(() -> ServerRef.of(system.spawn((ActorContext<String> ctx) -> ctx.receive()), Op.class))
                .hasMessageContaining("does not run a server behaviour");
    }
}
