package io.machinarium.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MisuseException;
import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls whose requests declare their reply type ({@link Call}). That a wrong reply type does not compile is
 * shown by the signatures ({@code ServerRef.call(Call<R>)} returns {@code R}; {@code Call<R>.reply(R)}); what
 * is tested here is what only the run time can check: a request of another protocol, a reply made for
 * another request, a lookup with another request type.
 */
class TypedCallTest {
    private static final Duration T = Duration.ofSeconds(10);

    sealed interface AccountOp permits Balance, Withdraw, Misanswer, Fetch, Deposit {
    }

    record Balance() implements AccountOp, Call<Long> {
    }

    record Withdraw(long amount) implements AccountOp, Call<Boolean> {
    }

    /** Answered with the reply of another request: a server bug. */
    record Misanswer() implements AccountOp, Call<Long> {
    }

    /** Answered later, through the typed reply reference. */
    record Fetch() implements AccountOp, Call<String> {
    }

    record Deposit(long amount) implements AccountOp {
    }

    /** A request of another protocol, which only an unchecked cast can send to the account. */
    record Ping() implements Call<String> {
    }

    static final class Account implements ServerBehaviour<AccountOp> {
        private long balance = 100;

        @Override
        public Reply<?> handleCall(AccountOp op, ServerContext<AccountOp> ctx) {
            return switch (op) {
                case Balance b -> b.reply(balance);
                case Withdraw w when w.amount() > balance -> w.reply(false);
                case Withdraw w -> {
                    balance -= w.amount();
                    yield w.reply(true);
                }
                case Misanswer m -> new Balance().reply(balance);
                case Fetch f -> {
                    ActorRef<String> later = ctx.deferReply(f);
                    ctx.system().spawn((ActorContext<Object> helper) -> later.tell("fetched " + balance));
                    yield null;
                }
                case Deposit d -> throw new IllegalArgumentException("a deposit is a cast");
            };
        }

        @Override
        public void handleCast(AccountOp op, ServerContext<AccountOp> ctx) {
            if (op instanceof Deposit d) {
                balance += d.amount();
            }
        }
    }

    private Machinarium rt;
    private ActorSystem system;

    @BeforeEach
    void start() {
        rt = Runtimes.start(2);
        system = ActorSystem.create(rt);
    }

    @AfterEach
    void stop() {
        system.close();
        rt.close();
    }

    private ServerRef<AccountOp> account(String name) {
        return ServerRef.start(system, SpawnOptions.named(name).registered(), Account::new);
    }

    @SuppressWarnings("unchecked")
    private static ServerRef<Object> unchecked(ServerRef<?> ref) {
        return (ServerRef<Object>) ref;
    }

    @Test
    void aCallReturnsTheTypeItsRequestDeclares() {
        ServerRef<AccountOp> acct = account("a1");
        long balance = acct.call(new Balance(), T);
        boolean taken = acct.call(new Withdraw(30), T);
        boolean refused = acct.call(new Withdraw(1000), T);
        assertThat(balance).isEqualTo(100L);
        assertThat(taken).isTrue();
        assertThat(refused).isFalse();
        assertThat(acct.call(new Balance(), T)).isEqualTo(70L);
    }

    @Test
    void aDeferredReplyGoesThroughTheTypedReplyReference() {
        ServerRef<AccountOp> acct = account("a2");
        String fetched = acct.call(new Fetch(), T);
        assertThat(fetched).isEqualTo("fetched 100");
    }

    @Test
    void aReplyMadeForAnotherRequestCrashesTheServerAndTheCallerLearnsWhy() {
        ServerRef<AccountOp> acct = account("a3");
        assertThatThrownBy(() -> acct.call(new Misanswer(), T)).isInstanceOf(ActorExitedException.class)
                .cause().isInstanceOf(MisuseException.class)
                .hasMessageContaining("answered Misanswer[]").hasMessageContaining("reply made for Balance[]");
    }

    @Test
    void aCallOfARequestTheServerDoesNotTakeIsRefusedNamingBothTypesAndTheServerGoesOn() {
        ServerRef<AccountOp> acct = account("a4");
        assertThatThrownBy(() -> unchecked(acct).call(new Ping(), T)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("takes requests of type " + AccountOp.class.getName())
                .hasMessageContaining(Ping.class.getName());
        assertThat(acct.isAlive()).isTrue();
        assertThat(acct.call(new Balance(), T)).isEqualTo(100L);
    }

    @Test
    void aCastOfARequestTheServerDoesNotTakeGoesToTheDeadLettersAndTheServerGoesOn() throws Exception {
        ServerRef<AccountOp> acct = account("a5");
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = system.onDeadLetter(letters::add)) {
            unchecked(acct).cast(new Ping());
            acct.cast(new Deposit(5));
            assertThat(acct.call(new Balance(), T)).isEqualTo(105L);  // the refusal came before this reply
        }
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.message()).isEqualTo(new Ping());
            assertThat(l.reason()).contains("takes requests of type " + AccountOp.class.getName());
        });
    }

    @Test
    void aLookupWithAnotherRequestTypeIsRefusedNamingBothTypes() {
        account("a6");
        assertThat(ServerRef.lookup(system, "a6", AccountOp.class).call(new Balance(), T)).isEqualTo(100L);
        assertThat(ServerRef.lookup(system, "a6", Balance.class)).isNotNull();  // a subtype is taken
        assertThatThrownBy(() -> ServerRef.lookup(system, "a6", String.class)).isInstanceOf(MisuseException.class)
                .hasMessage("server 'a6' takes requests of type " + AccountOp.class.getName() + ", not "
                        + String.class.getName());
        assertThat(ServerRef.lookup(system, "nobody", AccountOp.class)).isNull();
    }
}
