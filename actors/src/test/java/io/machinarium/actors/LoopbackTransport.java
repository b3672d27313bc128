package io.machinarium.actors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A transport between actor systems of one JVM that carries only plain data — addresses, strings, the
 * text of exit reasons — on a thread of its own, as a process boundary would: what it proves is that a
 * remote reference plugs into {@code actors} through {@link ActorRef} and {@link ActorSignal} alone. Messages
 * are strings. {@link #cut(String)} loses a node: everything that watched or linked across to it learns
 * {@link ExitReason.Kind#NO_CONNECTION}.
 */
final class LoopbackTransport implements AutoCloseable {
    private final ExecutorService wire = Executors.newSingleThreadExecutor(r -> new Thread(r, "loopback-wire"));
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cut = new ConcurrentHashMap<>();

    /** One frame on the wire: plain data only. */
    private record Frame(String kind, ActorAddress to, ActorAddress from, String payload, long watchId,
            String reasonKind, String detail, String causeType, String causeMessage, String causeStack) {
        static Frame of(String kind, ActorAddress to, ActorAddress from, String payload, long watchId) {
            return new Frame(kind, to, from, payload, watchId, null, null, null, null, null);
        }

        Frame withReason(ExitReason r) {
            return new Frame(kind, to, from, payload, watchId, r.kind().name(), r.detail(), r.causeType(),
                    r.causeMessage(), r.causeStack());
        }

        ExitReason reason() {
            return ExitReason.of(ExitReason.Kind.valueOf(reasonKind), detail, causeType, causeMessage, causeStack);
        }
    }

    /** A watch this node set on an actor of another node. */
    private record Watching(Watcher watcher, ActorAddress target) {
    }

    /** One node's side: what it exported, and what it watches or links to on other nodes. */
    private final class Node {
        final ActorSystem system;
        final Map<Long, ActorRef<?>> exported = new ConcurrentHashMap<>();
        final Map<Long, Watching> watching = new ConcurrentHashMap<>();
        final Map<Watcher, Long> watchIds = new ConcurrentHashMap<>();
        final List<ActorRef<?>[]> linksOut = new CopyOnWriteArrayList<>();  // {local, remote}
        final AtomicLong ids = new AtomicLong();

        Node(ActorSystem system) {
            this.system = system;
        }
    }

    void join(ActorSystem system) {
        nodes.put(system.node(), new Node(system));
    }

    /** A reference, held on node {@code on}, to the actor at {@code address} (of another node). */
    <M> ActorRef<M> ref(ActorSystem on, ActorAddress address) {
        return new RemoteRef<>(nodes.get(on.node()), address);
    }

    /** Node {@code lost} vanishes: every watch and link other nodes hold on it fires with NO_CONNECTION. */
    void cut(String lost) {
        cut.put(lost, true);
        wire.execute(() -> {
            for (Node n : nodes.values()) {
                if (n.system.node().equals(lost)) {
                    continue;
                }
                for (Map.Entry<Long, Watching> e : n.watching.entrySet()) {
                    Watching w = e.getValue();
                    if (w.target().node().equals(lost) && n.watching.remove(e.getKey()) != null) {
                        n.watchIds.remove(w.watcher());
                        RemoteRef<Object> gone = new RemoteRef<>(n, w.target());
                        w.watcher().down(gone, ExitReason.noConnection(gone.name(), lost, "the loopback wire was cut"));
                    }
                }
                for (ActorRef<?>[] link : n.linksOut) {
                    if (link[1].address().node().equals(lost)) {
                        n.linksOut.remove(link);
                        link[0].signal(new ActorSignal.LinkExit(link[1],
                                ExitReason.noConnection(link[1].name(), lost, "the loopback wire was cut")));
                    }
                }
            }
        });
    }

    private void send(Frame f) {
        if (cut.containsKey(f.to().node()) || wire.isShutdown()) {
            return;  // the node is gone, or the wire: the frame is lost, as on a real network
        }
        try {
            wire.execute(() -> arrive(nodes.get(f.to().node()), f));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: lost too
        }
    }

    private ActorRef<?> resolve(Node here, ActorAddress a) {
        return a.node().equals(here.system.node()) ? here.exported.get(a.id()) : new RemoteRef<>(here, a);
    }

    private void export(Node here, ActorRef<?> local) {
        here.exported.put(local.address().id(), local);
    }

    @SuppressWarnings("unchecked")
    private void arrive(Node here, Frame f) {
        ActorRef<Object> target = (ActorRef<Object>) here.exported.get(f.to().id());
        switch (f.kind()) {
            case "tell" -> {
                if (target != null) {
                    target.tell(f.payload());
                } else {
                    here.system.deadLetter(new RemoteRef<>(here, f.to()), f.payload(), "no such actor");
                }
            }
            case "link" -> target.signal(new ActorSignal.Link(resolve(here, f.from())));
            case "unlink" -> target.signal(new ActorSignal.Unlink(resolve(here, f.from())));
            case "exit" -> target.signal(new ActorSignal.LinkExit(resolve(here, f.from()), f.reason()));
            case "stop" -> target.signal(new ActorSignal.Stop(f.reason()));
            case "watch" -> {
                Watcher back = new ProxyWatcher(f.from().node(), f.watchId());
                if (target != null) {
                    target.signal(new ActorSignal.Watch(back));
                } else {
                    back.down(new RemoteRef<>(here, f.to()), ExitReason.noActor(String.valueOf(f.to())));
                }
            }
            case "down" -> {
                Watching w = here.watching.remove(f.watchId());
                if (w != null) {
                    here.watchIds.remove(w.watcher());
                    w.watcher().down(resolve(here, f.from()), f.reason());
                }
            }
            default -> throw new IllegalStateException(f.kind());
        }
    }

    /** On the watched actor's node: stands in for a watcher of another node. */
    private final class ProxyWatcher implements Watcher {
        private final String node;
        private final long id;

        ProxyWatcher(String node, long id) {
            this.node = node;
            this.id = id;
        }

        @Override
        public void down(ActorRef<?> who, ExitReason reason) {
            send(Frame.of("down", new ActorAddress(node, 0), who.address(), null, id).withReason(reason));
        }

        @Override
        public boolean isObsolete() {
            return false;
        }
    }

    /** A reference to an actor of another node, held on {@code here}. */
    private final class RemoteRef<M> implements ActorRef<M> {
        private final Node here;
        private final ActorAddress address;

        RemoteRef(Node here, ActorAddress address) {
            this.here = here;
            this.address = address;
        }

        @Override
        public ActorAddress address() {
            return address;
        }

        @Override
        public void tell(M message) {
            send(Frame.of("tell", address, null, (String) Objects.requireNonNull(message), 0));
        }

        @Override
        public <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout) {
            throw new UnsupportedOperationException("the loopback transport carries no requests");
        }

        @Override
        public String name() {
            return "remote " + address;
        }

        @Override
        public boolean isAlive() {
            return !cut.containsKey(address.node());
        }

        @Override
        public void stop() {
            signal(new ActorSignal.Stop(ExitReason.STOPPED));
        }

        @Override
        public ExitReason awaitExit(Duration timeout) {
            throw new UnsupportedOperationException("watch it instead");
        }

        @Override
        public void signal(ActorSignal signal) {
            switch (signal) {
                case ActorSignal.Link l -> {
                    export(here, l.from());
                    here.linksOut.add(new ActorRef<?>[] {l.from(), this});
                    send(Frame.of("link", address, l.from().address(), null, 0));
                }
                case ActorSignal.Unlink u -> {
                    here.linksOut.removeIf(p -> p[0].equals(u.from()) && p[1].equals(this));
                    send(Frame.of("unlink", address, u.from().address(), null, 0));
                }
                case ActorSignal.LinkExit e -> {
                    here.linksOut.removeIf(p -> p[0].equals(e.from()) && p[1].equals(this));
                    send(Frame.of("exit", address, e.from().address(), null, 0).withReason(e.reason()));
                }
                case ActorSignal.Watch w -> {
                    long id = here.ids.incrementAndGet();
                    here.watching.put(id, new Watching(w.watcher(), address));
                    here.watchIds.put(w.watcher(), id);
                    send(Frame.of("watch", address, new ActorAddress(here.system.node(), 0), null, id));
                }
                case ActorSignal.Unwatch w -> {
                    Long id = here.watchIds.remove(w.watcher());
                    if (id != null) {
                        here.watching.remove(id);
                    }
                }
                case ActorSignal.Stop s -> send(Frame.of("stop", address, null, null, 0).withReason(s.reason()));
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ActorRef<?> r && r.address().equals(address);
        }

        @Override
        public int hashCode() {
            return address.hashCode();
        }
    }

    /** Completes once every frame sent before has arrived and what it made {@code machine} do has run. */
    java.util.concurrent.CompletableFuture<Void> barrier(io.machinarium.core.Machine machine) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        wire.execute(() -> machine.execute(() -> done.complete(null)));
        return done;
    }

    /** Makes a local actor reachable from other nodes by its address. */
    void exportLocal(ActorRef<?> local) {
        export(nodes.get(local.address().node()), local);
    }

    @Override
    public void close() {
        wire.shutdownNow();
    }
}
