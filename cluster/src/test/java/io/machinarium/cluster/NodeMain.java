package io.machinarium.cluster;

import static io.machinarium.cluster.TestMessages.Cmd;
import static io.machinarium.cluster.TestMessages.Crash;
import static io.machinarium.cluster.TestMessages.Echo;
import static io.machinarium.cluster.TestMessages.Say;
import static io.machinarium.cluster.TestMessages.Seq;
import static io.machinarium.cluster.TestMessages.Who;

import io.machinarium.actors.ActorContext;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.ChildSpec;
import io.machinarium.actors.Down;
import io.machinarium.actors.NameTakenException;
import io.machinarium.actors.Strategy;
import io.machinarium.actors.Supervisor;
import io.machinarium.actors.SupervisorSpec;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The program of one node JVM of the multi-process tests ({@link NodeProcess}): joins cluster "test" and
 * runs the commands it reads, one per line, printing what happens. The actors are {@link TwoNodesTest#worker}.
 */
public final class NodeMain {
    private NodeMain() {
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /**
     * Runs the node.
     *
     * @param args the node's name and the NATS URLs, comma-separated
     * @throws Exception if it cannot join
     */
    public static void main(String[] args) throws Exception {
        String name = args[0];
        Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2).build());
        ActorSystem system = ActorSystem.create(rt, name);
        ClusterNode node = ClusterNode.join(system, TwoNodesTest.config(name, args[1].split(",")));
        SharedChannel<String> log = new SharedChannel<>();
        Thread printer = new Thread(() -> {
            for (;;) {
                say("log " + log.read());
            }
        }, "printer");
        printer.setDaemon(true);
        printer.start();
        AtomicInteger starts = new AtomicInteger();
        java.util.Map<String, ActorRef<Cmd>> byAddress = new java.util.concurrent.ConcurrentHashMap<>();
        say("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] c = line.split(" ", 3);
            try {
                switch (c[0]) {
                    case "worker" -> {
                        ActorRef<Cmd> w = system.spawn(c[1], TwoNodesTest.worker(name, log));
                        try {
                            node.register(c[1], w);
                            say("registered " + c[1]);
                        } catch (NameTakenException e) {
                            w.stop();
                            say("taken " + c[1]);
                        }
                    }
                    case "member" -> {
                        node.joinGroup(c[1], system.spawn(c[2], TwoNodesTest.worker(name, log)));
                        say("joined " + c[1] + " " + c[2]);
                    }
                    case "tell" -> node.<Cmd>named(c[1]).tell(new Say(c[2]));
                    case "blast" -> {
                        // by address (the reference is kept, so it still names the actor once its node is gone)
                        ActorRef<Cmd> to = byAddress.computeIfAbsent(c[1], held -> {
                            Await.until(Duration.ofSeconds(20), () -> node.whereis(held) != null,
                                    () -> "no holder of '" + held + "' in this node's registry");
                            return node.whereis(held);
                        });
                        int n = Integer.parseInt(c[2]);
                        system.spawn("blast", (ActorContext<Object> ctx) -> {
                            for (int i = 0; i < n; i++) {
                                to.tell(new Say("blast-" + i));
                            }
                            say("blasted " + n);
                        });
                    }
                    case "seq" -> {
                        ActorRef<Cmd> to = node.named(c[1]);
                        int n = Integer.parseInt(c[2]);
                        system.spawn("seq", (ActorContext<Object> ctx) -> {
                            for (int i = 0; i < n; i++) {
                                to.tell(new Seq(name, i));
                            }
                        });
                    }
                    case "ask" -> {
                        try {
                            say("reply " + node.<Cmd>named(c[1]).<String>ask(r -> new Echo(c[2], r), Duration.ofSeconds(5)));
                        } catch (RuntimeException e) {
                            say("error " + e.getClass().getSimpleName() + " " + e.getMessage());
                        }
                    }
                    case "who" -> {
                        ActorRef<Cmd> g = node.group(c[1]);
                        for (int i = Integer.parseInt(c[2]); i > 0; i--) {
                            say("who " + g.<String>ask(Who::new, Duration.ofSeconds(5)));
                        }
                        say("who done");
                    }
                    case "crash" -> node.<Cmd>named(c[1]).tell(new Crash("asked to"));
                    case "monitor" -> {
                        String target = c[1];
                        system.spawn("watch-" + target, (ActorContext<Object> ctx) -> {
                            ActorRef<Object> ref = node.whereis(target);
                            ctx.monitor(ref, d -> d);
                            say("watching " + target + " " + ref.address());
                            Down d = (Down) ctx.receive();
                            say("down " + target + " " + d.reason().kind() + " " + d.reason().causeType());
                        });
                    }
                    case "supervise" -> {
                        String peer = c[1];
                        Supervisor.start(system, "sup", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                                ChildSpec.actor("client", (ActorContext<Object> ctx) -> {
                                    int n = starts.incrementAndGet();
                                    say("child waiting " + n);
                                    ActorRef<Object> p;
                                    while ((p = node.whereis(peer)) == null) {
                                        io.machinarium.core.Coroutine.sleep(50);  // until a node serves it again
                                    }
                                    ctx.link(p);
                                    say("child started " + n + " linked to " + p.address());
                                    ctx.receive();
                                })).intensity(100, Duration.ofSeconds(60)));
                    }
                    case "await-members" -> {
                        String want = c[1];
                        java.util.concurrent.CompletableFuture<Void> seen = new java.util.concurrent.CompletableFuture<>();
                        Runnable check = () -> {
                            if (node.members().stream().map(Member::node).collect(Collectors.joining(",")).equals(want)) {
                                seen.complete(null);
                            }
                        };
                        AutoCloseable l = node.onMembership(e -> check.run());
                        check.run();
                        seen.whenComplete((v, e) -> {
                            say("members " + want);
                            try {
                                l.close();
                            } catch (Exception x) {
                                // nothing to undo
                            }
                        });
                    }
                    case "stats" -> say("stats " + node.stats());
                    case "members" -> say("members " + node.members().stream().map(Member::node)
                            .collect(Collectors.joining(",")));
                    case "quit" -> {
                        system.close();
                        node.close();
                        rt.close();
                        say("bye");
                        System.exit(0);
                    }
                    default -> say("unknown command " + line);
                }
            } catch (RuntimeException e) {
                say("failed " + line + ": " + e);
            }
        }
    }
}
