package io.machinarium.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs — separate processes — against one real nats-server: what crosses a process boundary
 * works, and a node killed with {@code kill -9} is noticed by the others.
 */
class MultiProcessClusterTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    private NatsServer nats;
    private Path logs;
    private NodeProcess n1;
    private NodeProcess n2;
    private NodeProcess n3;

    @BeforeEach
    void start() throws Exception {
        nats = NatsServer.start();
        logs = Files.createTempDirectory("nodes");
        n1 = NodeProcess.start("n1", nats.url(), logs);
        n2 = NodeProcess.start("n2", nats.url(), logs);
        n3 = NodeProcess.start("n3", nats.url(), logs);
        for (NodeProcess n : List.of(n1, n2, n3)) {
            awaitMembers(n, "n1,n2,n3");
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (NodeProcess n : new NodeProcess[] {n1, n2, n3}) {
            if (n != null) {
                n.close();
            }
        }
        nats.close();
    }

    /** Waits until {@code n} sees exactly the {@code expected} members (it answers when its view changes so). */
    private static void awaitMembers(NodeProcess n, String expected) throws Exception {
        n.call("await-members " + expected, l -> l.equals("members " + expected), LONG);
    }

    @Test
    void tellAndAskReachAnActorOfAnotherProcessByName() throws Exception {
        n2.call("worker svc", l -> l.equals("registered svc"), LONG);
        n1.send("tell svc hello-from-n1");
        n2.await(l -> l.equals("log hello-from-n1"), LONG);
        assertThat(n3.call("ask svc from-n3", l -> l.startsWith("reply") || l.startsWith("error"), LONG))
                .isEqualTo("reply from-n3");
    }

    @Test
    void askAcrossProcessesAndOrderBetweenTwoActors() throws Exception {
        n2.call("worker svc", l -> l.equals("registered svc"), LONG);
        assertThat(n1.call("ask svc ping", l -> l.startsWith("reply") || l.startsWith("error"), LONG))
                .isEqualTo("reply ping");
        n1.send("seq svc 2000");
        n2.await(l -> l.equals("log n1:1999"), LONG);
        List<String> seen = n2.lines().stream().filter(l -> l.startsWith("log n1:")).toList();
        for (int i = 0; i < 2000; i++) {
            assertThat(seen.get(i)).isEqualTo("log n1:" + i);
        }
    }

    @Test
    void aNameHeldInOneProcessIsRefusedInAnother() throws Exception {
        n1.call("worker unique", l -> l.equals("registered unique"), LONG);
        assertThat(n2.call("worker unique", l -> l.endsWith(" unique"), LONG)).isEqualTo("taken unique");
    }

    @Test
    void aGroupSpreadsRequestsOverMembersInTwoProcesses() throws Exception {
        n1.call("member pool p1", l -> l.equals("joined pool p1"), LONG);
        n2.call("member pool p2", l -> l.equals("joined pool p2"), LONG);
        n3.call("who pool 200", l -> l.equals("who done"), LONG);
        Map<String, Integer> served = new HashMap<>();
        n3.lines().stream().filter(l -> l.startsWith("who ") && !l.equals("who done"))
                .forEach(l -> served.merge(l.substring(4), 1, Integer::sum));
        assertThat(served).containsOnlyKeys("n1/p1", "n2/p2");
        assertThat(served.values()).allMatch(n -> n > 20);
    }

    @Test
    void aRemoteMonitorFiresOnTheActorsCrashAndOnItsNodesKill() throws Exception {
        n2.call("worker doomed", l -> l.equals("registered doomed"), LONG);
        n3.call("worker victim", l -> l.equals("registered victim"), LONG);
        n1.call("monitor doomed", l -> l.startsWith("watching doomed"), LONG);
        n1.call("monitor victim", l -> l.startsWith("watching victim"), LONG);
        n1.send("crash doomed");
        assertThat(n1.await(l -> l.startsWith("down doomed"), LONG))
                .isEqualTo("down doomed CRASHED java.lang.IllegalStateException");
        n3.kill();
        assertThat(n1.await(l -> l.startsWith("down victim"), LONG)).isEqualTo("down victim NO_CONNECTION null");
        awaitMembers(n1, "n1,n2");
        assertThat(n1.call("ask victim x", l -> l.startsWith("reply") || l.startsWith("error"), LONG))
                .startsWith("error");  // its name was freed with its node: no responders, at once
    }

    @Test
    void tellsToANodeKilledBeforeItConfirmedThemAreCountedNotLostSilently() throws Exception {
        n2.call("worker sinkhole", l -> l.equals("registered sinkhole"), LONG);
        n1.call("blast sinkhole 50", l -> l.equals("blasted 50"), LONG);
        n2.await(l -> l.equals("log blast-49"), LONG);
        n2.kill();
        // sent at once, before n1 can have declared n2 down (1.5 s of silence): nobody receives them, and they
        // carry no reply subject for NATS to say so; n1 counts them when it declares n2 down
        n1.call("blast sinkhole 100", l -> l.equals("blasted 100"), LONG);
        awaitMembers(n1, "n1,n3");
        long[] counted = new long[1];
        Await.until(LONG, () -> {
            String stats;
            try {
                stats = n1.call("stats", l -> l.startsWith("stats "), LONG);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            counted[0] = deadLetters(stats, "unconfirmed") + deadLetters(stats, "no_responders");
            return counted[0] >= 100;
        }, () -> "n1 counted " + counted[0] + " of the 100 tells to its killed peer");
        // and no more than it sent: the 50 that arrived are counted too only if n2 died before reporting them
        assertThat(counted[0]).isLessThanOrEqualTo(150);
    }

    private static long deadLetters(String stats, String reason) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[{ ]" + reason + "=(\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void aSupervisorRestartsAChildWhoseRemotePeerVanished() throws Exception {
        n2.call("worker peer", l -> l.equals("registered peer"), LONG);
        n1.call("supervise peer", l -> l.startsWith("child started 1"), LONG);
        n2.kill();
        // the child's link fires with NO_CONNECTION: it exits, and its supervisor starts it again
        n1.await(l -> l.equals("child waiting 2"), LONG);
        n2 = NodeProcess.start("n2", nats.url(), logs);
        n2.call("worker peer", l -> l.equals("registered peer"), LONG);
        assertThat(n1.await(l -> l.startsWith("child started 2 "), LONG)).contains("linked to n2/");
    }

    @Test
    void aNodeKilledAndRestartedAtOnceTakesItsNamesBackFromItsOldIncarnation() throws Exception {
        n2.call("worker keeper", l -> l.equals("registered keeper"), LONG);
        n2.kill();
        n2 = NodeProcess.start("n2", nats.url(), logs);  // before the others declare the old one down
        assertThat(n2.call("worker keeper", l -> l.endsWith(" keeper"), LONG)).isEqualTo("registered keeper");
        assertThat(n1.call("ask keeper back", l -> l.startsWith("reply") || l.startsWith("error"), LONG))
                .isEqualTo("reply back");
        assertThat(n3.call("worker keeper", l -> l.endsWith(" keeper"), LONG)).isEqualTo("taken keeper");
    }
}
