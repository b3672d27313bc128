package io.machinarium.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.actors.Call;
import io.machinarium.actors.Reply;
import io.machinarium.actors.ServerBehaviour;
import io.machinarium.actors.ServerContext;
import io.machinarium.actors.ServerRef;
import io.machinarium.actors.SpawnOptions;
import io.machinarium.core.MisuseException;
import io.machinarium.core.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server of one node called from another, against a real nats-server: the typed call, and the refusal of a
 * request the server does not take, which reaches the remote caller as the local one gets it — at once, as a
 * {@link MisuseException} naming both types — rather than as a timeout.
 */
class RemoteServerCallTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    /** Far longer than the refusal takes: a caller that only times out fails the test with a TimedOutException. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    sealed interface CounterOp permits Get {
    }

    record Get() implements CounterOp, Call<String> {
    }

    /** A request of another protocol, which only an unchecked cast can send to the counter. */
    record Stranger() implements Call<String> {
    }

    static final class Counter implements ServerBehaviour<CounterOp> {
        private int calls;

        @Override
        public Reply<?> handleCall(CounterOp op, ServerContext<CounterOp> ctx) {
            return switch (op) {
                case Get g -> g.reply("call " + ++calls);
            };
        }
    }

    private TwoNodes nodes;

    @BeforeEach
    void start() throws Exception {
        nodes = TwoNodes.start(1, (node, url) -> ClusterConfig.builder("test", node).servers(url)
                .messageTypes(CounterOp.class, Stranger.class).build());
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    @Test
    void aCallTheRemoteServerDoesNotTakeFailsTheCallerWithTheRefusalAndTheServerGoesOn() {
        ClusterNode a = nodes.a();
        ClusterNode b = nodes.b();
        ServerRef<CounterOp> local = ServerRef.start(b.system(), SpawnOptions.named("counter"), Counter::new);
        b.register("counter", local.actor());
        Await.until(LONG, () -> a.whereis("counter") != null, () -> "a never saw the counter");
        ServerRef<CounterOp> counter = ServerRef.of(a.whereis("counter"), CounterOp.class);
        assertThat(counter.call(new Get(), LONG)).isEqualTo("call 1");

        @SuppressWarnings({"unchecked", "rawtypes"})
        ServerRef<Object> unchecked = (ServerRef) counter;
        assertThatThrownBy(() -> unchecked.call(new Stranger(), CALL_TIMEOUT)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("takes requests of type " + CounterOp.class.getName())
                .hasMessageContaining(Stranger.class.getName());

        assertThat(counter.call(new Get(), LONG)).isEqualTo("call 2");  // the server went on
    }
}
