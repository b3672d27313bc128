package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class ScopeTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }
    /** Never set: children that wait on it run until they are cancelled. */
    private final WaitFlag never = new WaitFlag();

    @Test
    void closeWaitsUntilEveryChildHasEnded() {
        WaitFlag gate = new WaitFlag();
        List<Task<Integer>> tasks = new CopyOnWriteArrayList<>();
        Task<Void> owner = rt.machine(0).spawnTask("owner", () -> {
            try (Scope scope = Scope.open()) {
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    tasks.add(scope.spawn(() -> {
                        gate.await(T);
                        return n;
                    }));
                }
            }
            assertThat(tasks).allSatisfy(t -> assertThat(t.isDone()).isTrue());
            return null;
        });
        awaitWaitingOnScope(owner.coroutine());
        assertThat(tasks).hasSize(3).noneSatisfy(t -> assertThat(t.isDone()).isTrue());
        gate.set();
        owner.join(T);
        assertThat(tasks).extracting(t -> t.join(T)).containsExactly(0, 1, 2);
    }

    @Test
    void childrenMaySpawnIntoTheOpenScopeAndCloseWaitsForThoseToo() {
        AtomicReference<Task<String>> grandchild = new AtomicReference<>();
        Task<Void> owner = rt.machine(0).spawnTask(() -> {
            try (Scope scope = Scope.open()) {
                scope.spawn(rt.machine(1), () -> {
                    grandchild.set(scope.spawn(() -> {
                        Coroutine.yieldNow();
                        return "spawned by a child";
                    }));
                });
            }
            assertThat(grandchild.get().isDone()).isTrue();
            return null;
        });
        owner.join(T);
        assertThat(grandchild.get().join(T)).isEqualTo("spawned by a child");
        assertThat(grandchild.get().coroutine().machine()).isSameAs(rt.machine(1));
    }

    @Test
    void aFailingChildCancelsItsSiblingsAndCloseThrowsItsFailure() {
        AtomicReference<Task<Void>> sibling = new AtomicReference<>();
        Task<Void> owner = rt.machine(0).spawnTask(() -> {
            try (Scope scope = Scope.open()) {
                sibling.set(scope.spawn(rt.machine(1), () -> never.await(null)));
                scope.spawn(() -> {
                    throw new IllegalStateException("boom");
                });
            }
            return null;
        });
        assertThatThrownBy(() -> owner.join(T)).isInstanceOf(CoroutineFailedException.class)
                .cause().isInstanceOf(CoroutineFailedException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(sibling.get().isDone()).isTrue();
        assertThat(sibling.get().isCancelled()).isTrue();
        assertThatThrownBy(() -> sibling.get().join(T)).cause().isInstanceOf(CancelledException.class);
    }

    @Test
    void failuresAfterTheFirstAreSuppressedUnderIt() {
        WaitFlag firstWaits = new WaitFlag();
        Throwable thrown = ownerFailure(() -> {
            try (Scope scope = Scope.open()) {
                scope.spawn(rt.machine(1), () -> {
                    try {
                        firstWaits.set();
                        never.await(null);
                    } catch (CancelledException e) {
                        throw new IllegalArgumentException("second, while cancelled");
                    }
                });
                scope.spawn(() -> {
                    firstWaits.await(T);
                    throw new IllegalStateException("first");
                });
            }
            return null;
        });
        assertThat(thrown).isInstanceOf(CoroutineFailedException.class);
        assertThat(thrown.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("first");
        assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingTheOwnerCancelsTheChildren() throws Exception {
        CountDownLatch childWaits = new CountDownLatch(2);
        List<Task<Void>> children = new CopyOnWriteArrayList<>();
        Task<Void> owner = rt.machine(0).spawnTask("owner", () -> {
            try (Scope scope = Scope.open()) {
                for (Machine m : rt.machines()) {
                    children.add(scope.spawn(m, () -> {
                        childWaits.countDown();
                        never.await(null);
                    }));
                }
                never.await(null);  // the owner is busy with something else when it is cancelled
            }
            return null;
        });
        assertThat(childWaits.await(10, TimeUnit.SECONDS)).isTrue();
        owner.cancel();
        assertThatThrownBy(() -> owner.join(T)).cause().isInstanceOf(CancelledException.class);
        assertThat(children).hasSize(2).allSatisfy(c -> {
            assertThat(c.isDone()).as("a child ends before its scope's owner").isTrue();
            assertThat(c.isCancelled()).isTrue();
        });
    }

    @Test
    void theChildrenAreCancelledTheMomentTheirOwnerIsNotOnlyWhenItCloses() {
        WaitFlag childCancelled = new WaitFlag();
        WaitFlag childWaits = new WaitFlag();
        Task<Boolean> owner = rt.machine(0).spawnTask(() -> {
            try (Scope scope = Scope.open()) {
                Task<Void> child = scope.spawn(rt.machine(1), () -> {
                    try {
                        childWaits.set();
                        never.await(null);
                    } finally {
                        childCancelled.set();
                    }
                });
                // the child has ended, not only run its finally: the close then has nothing to wait for
                while (!Coroutine.current().isCancelled() || !childCancelled.isSet() || !child.isDone()) {
                    Coroutine.yieldNow();  // busy with something that never blocks, still inside the block
                }
                return true;
            }
        });
        childWaits.await(T);
        owner.cancel();
        assertThat(owner.join(T)).isTrue();
    }

    @Test
    void anOwnerCancelledWhileItClosesCancelsTheChildrenAndThrowsCancelled() {
        AtomicReference<Task<Void>> child = new AtomicReference<>();
        AtomicReference<Throwable> closeFailure = new AtomicReference<>();
        Task<Void> owner = rt.machine(0).spawnTask(() -> {
            Scope scope = Scope.open();
            child.set(scope.spawn(rt.machine(1), () -> never.await(null)));
            try {
                scope.close();
            } catch (RuntimeException e) {
                closeFailure.set(e);
                assertThat(child.get().isDone()).isTrue();
            }
            return null;
        });
        awaitWaitingOnScope(owner.coroutine());
        owner.cancel();
        owner.join(T);
        assertThat(closeFailure.get()).isInstanceOf(CancelledException.class);
        assertThat(child.get().isCancelled()).isTrue();
    }

    @Test
    void closeWithAGraceCancelsTheStragglersWhenItPasses() {
        AtomicReference<Task<String>> quick = new AtomicReference<>();
        AtomicReference<Task<Void>> straggler = new AtomicReference<>();
        Task<Void> owner = rt.machine(0).spawnTask(() -> {
            Scope scope = Scope.open();
            quick.set(scope.spawn(() -> "quick"));
            straggler.set(scope.spawn(rt.machine(1), () -> never.await(null)));
            scope.close(Duration.ofMillis(50));
            return null;
        });
        assertThatThrownBy(() -> owner.join(T)).cause().isInstanceOf(TimedOutException.class)
                .hasMessageContaining("did not end within PT0.05S");
        assertThat(quick.get().join(T)).isEqualTo("quick");
        assertThat(straggler.get().isDone()).isTrue();
        assertThat(straggler.get().isCancelled()).isTrue();
    }

    @Test
    void childrenRunOnTheMachinesTheyAreSpawnedOnAndKnowTheirParent() {
        Task<List<String>> owner = rt.machine(0).spawnTask(() -> {
            try (Scope scope = Scope.open()) {
                Task<String> local = scope.spawn(() -> Machine.current().name());
                Task<String> remote = scope.spawn(rt.machine(1), "remote", () -> Machine.current().name());
                Task<Coroutine> parent = scope.spawn(rt.machine(1), () -> Coroutine.current().parent());
                scope.join();
                assertThat(parent.join()).isSameAs(Coroutine.current());
                assertThat(remote.coroutine().name()).isEqualTo("remote");
                return List.of(local.join(), remote.join());
            }
        });
        assertThat(owner.join(T)).containsExactly(rt.machine(0).name(), rt.machine(1).name());
    }

    @Test
    void cancellingAnOuterScopeCancelsTheChildrenOfTheScopesNestedInIt() throws Exception {
        CountDownLatch grandchildWaits = new CountDownLatch(1);
        AtomicReference<Task<Void>> grandchild = new AtomicReference<>();
        AtomicReference<Scope> outer = new AtomicReference<>();
        Task<Void> owner = rt.machine(0).spawnTask(() -> {
            try (Scope scope = Scope.open()) {
                outer.set(scope);
                scope.spawn(rt.machine(1), () -> {
                    try (Scope inner = Scope.open()) {
                        grandchild.set(inner.spawn(() -> {
                            grandchildWaits.countDown();
                            never.await(null);
                        }));
                    }
                });
            }
            return null;
        });
        assertThat(grandchildWaits.await(10, TimeUnit.SECONDS)).isTrue();
        outer.get().cancel();
        owner.join(T);  // cancellation is no failure: the outer close returns
        assertThat(grandchild.get().isDone()).isTrue();
        assertThat(grandchild.get().isCancelled()).isTrue();
    }

    @Test
    void aFailureInANestedScopeFailsTheScopeAroundIt() {
        Task<Void> owner = rt.machine(0).spawnTask(() -> {
            try (Scope scope = Scope.open()) {
                scope.spawn(rt.machine(1), () -> {
                    try (Scope inner = Scope.open()) {
                        inner.spawn(() -> {
                            throw new IllegalStateException("deep");
                        });
                    }
                });
            }
            return null;
        });
        assertThatThrownBy(() -> owner.join(T)).rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessage("deep");
    }

    @Test
    void aScopeOwnedByAPlainThreadParksItUntilTheChildrenHaveEnded() {
        Task<Integer> a;
        Task<Integer> b;
        try (Scope scope = Scope.open()) {
            a = scope.spawn(rt.machine(0), () -> 20);
            b = scope.spawn(rt.machine(1), () -> {
                Coroutine.sleep(5);
                return 22;
            });
        }
        assertThat(a.isDone() && b.isDone()).isTrue();
        assertThat(a.join() + b.join()).isEqualTo(42);
        assertThat(b.coroutine().parent()).isNull();
    }

    @Test
    void aPlainThreadInterruptedWhileClosingCancelsTheChildren() {
        Scope scope = Scope.open();
        Task<Void> child = scope.spawn(rt.machine(0), () -> never.await(null));
        Thread main = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            Await.until(T, () -> main.getState() == Thread.State.WAITING, () -> "main never parked");
            main.interrupt();
        });
        interrupter.start();
        assertThatThrownBy(scope::close).isInstanceOf(CancelledException.class);
        assertThat(Thread.interrupted()).as("the interrupt stays set").isTrue();
        assertThat(child.isDone()).isTrue();
        assertThat(child.isCancelled()).isTrue();
    }

    @Test
    void aFailureThrownByJoinIsNotThrownAgainByClose() {
        Task<Throwable> owner = rt.machine(0).spawnTask(() -> {
            try (Scope scope = Scope.open()) {
                scope.spawn(() -> {
                    throw new IOException("disk");
                });
                try {
                    scope.join();
                } catch (CoroutineFailedException e) {
                    return e.getCause();
                }
            }
            return null;
        });
        assertThat(owner.join(T)).isInstanceOf(IOException.class).hasMessage("disk");
    }

    @Test
    void onlyTheOwnerMayJoinOrClose() {
        Scope scope = Scope.open();
        Task<Void> other = rt.machine(0).spawnTask(() -> {
            scope.close();
            return null;
        });
        assertThatThrownBy(() -> other.join(T)).cause().isInstanceOf(MisuseException.class)
                .hasMessageContaining("only the owner");
        scope.close();
    }

    @Test
    void aClosedScopeRefusesChildrenAndACancelledOneToo() {
        Scope closed = Scope.open();
        closed.close();
        assertThatThrownBy(() -> closed.spawn(rt.machine(0), () -> 1)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("closed scope");
        Scope cancelled = Scope.open();
        cancelled.cancel();
        assertThatThrownBy(() -> cancelled.spawn(rt.machine(0), () -> 1)).isInstanceOf(CancelledException.class);
        cancelled.close();
        assertThatThrownBy(() -> Scope.open().spawn(() -> 1)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("spawn(machine, body)");
    }

    private static void awaitWaitingOnScope(Coroutine c) {
        Await.until(T, () -> String.valueOf(c.waitingOn()).startsWith("scope of"),
                () -> c + " waits on " + c.waitingOn());
    }

    private Throwable ownerFailure(java.util.concurrent.Callable<Void> body) {
        try {
            rt.machine(0).spawnTask(body).join(T);
            return null;
        } catch (CoroutineFailedException e) {
            return e.getCause();
        }
    }
}
