package io.machinarium.actors;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Actors on the virtual-time test runtime: a 30-second ask timeout and minute-long timers in milliseconds. */
class VirtualTimeActorsTest {
    record Get(ActorRef<String> replyTo) {
    }

    @Test
    void aThirtySecondAskTimeoutAndPeriodicTimersPassAtOnce() {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).virtualTime(true).build());
             ActorSystem system = ActorSystem.create(rt)) {
            ActorRef<Get> silent = system.spawn("silent", (ActorContext<Get> ctx) -> {
                for (;;) {
                    ctx.receive();
                }
            });
            List<Object> seen = new ArrayList<>();
            ActorRef<Object> client = system.spawn("client", (ActorContext<Object> ctx) -> {
                try {
                    silent.ask(Get::new, Duration.ofSeconds(30));
                    seen.add("answered");
                } catch (TimedOutException e) {
                    seen.add("timed out");
                }
                ctx.every(Duration.ofMinutes(1), "tick");
                for (int i = 0; i < 60; i++) {
                    seen.add(ctx.receive());
                }
            });
            // on the wall clock the ask alone would take 30 s: ending within 10 s is what virtual time gives
            assertThat(client.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitReason.NORMAL);
            assertThat(seen).hasSize(61).startsWith("timed out", "tick");
            assertThat(rt.machine(0).virtualTimeElapsed()).isEqualTo(Duration.ofSeconds(30).plusHours(1));
        }
    }
}
