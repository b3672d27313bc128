package io.machinarium.net.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Runtimes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The getaddrinfo resolver: the counterparts of machinarium's getaddrinfo0/1/2 tests (resolving
 * "localhost", which /etc/hosts answers without any name server), and its TTL cache.
 */
class GetaddrinfoResolverTest {
    private static final Duration T = Duration.ofSeconds(20);
    private Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    private static <T> T on(Machine m, java.util.function.Supplier<T> body) {
        AtomicReference<T> out = new AtomicReference<>();
        m.spawn(() -> out.set(body.get())).join(T);
        return out.get();
    }

    /** A lookup that answers {@code 192.0.2.<n>}, counting its calls. */
    private static GetaddrinfoResolver.Lookup counting(AtomicInteger calls) {
        return host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2,
                (byte) calls.incrementAndGet()})};
    }

    @Test
    void getaddrinfo0ResolvesLocalhostInACoroutine() {
        List<InetAddress> a = on(rt.machine(0), () -> Resolver.getaddrinfo().resolve("localhost", null));
        assertThat(a).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    }

    @Test
    void getaddrinfo1ResolvesInTwoCoroutinesAtOnceWithATimeout() {
        Resolver r = Resolver.getaddrinfo(Duration.ZERO);
        List<Coroutine> cs = new ArrayList<>();
        List<List<InetAddress>> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            cs.add(rt.machine(0).spawn(() -> got.add(r.resolve("localhost", Duration.ofSeconds(10)))));
        }
        cs.forEach(c -> c.join(T));
        assertThat(got).hasSize(2).allSatisfy(a -> assertThat(a).isNotEmpty().allMatch(InetAddress::isLoopbackAddress));
    }

    @Test
    void getaddrinfo2ResolvesInAHundredCoroutinesAtOnce() {
        Resolver r = Resolver.getaddrinfo(Duration.ZERO);
        AtomicInteger complete = new AtomicInteger();
        Coroutine main = rt.machine(0).spawn(() -> {
            List<Coroutine> workers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                workers.add(rt.machine(0).spawn(() -> {
                    assertThat(r.resolve("localhost", null)).isNotEmpty();
                    complete.incrementAndGet();
                }));
            }
            workers.forEach(w -> w.join(T));
        });
        main.join(T);
        assertThat(complete.get()).isEqualTo(100);
    }

    @Test
    void aSecondLookupWithinTheTtlIsServedFromTheCacheOnAnyMachine() {
        AtomicInteger calls = new AtomicInteger();
        GetaddrinfoResolver r = new GetaddrinfoResolver(Duration.ofMinutes(1), counting(calls));
        List<InetAddress> first = on(rt.machine(0), () -> r.resolve("db.example", T));
        List<InetAddress> second = on(rt.machine(0), () -> r.resolve("DB.example", T));
        List<InetAddress> third = on(rt.machine(1), () -> r.resolve("db.example", T));
        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(r.offloadedLookups()).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void anAnswerIsServedFromTheCacheUntilItsTtlHasPassedAndLookedUpAgainAfter() {
        AtomicInteger calls = new AtomicInteger();
        AtomicLong nanos = new AtomicLong(1_000);
        Duration ttl = Duration.ofSeconds(30);
        GetaddrinfoResolver r = new GetaddrinfoResolver(ttl, counting(calls), nanos::get);
        List<InetAddress> first = on(rt.machine(0), () -> r.resolve("db.example", T));
        nanos.addAndGet(ttl.toNanos() - 1);
        assertThat(on(rt.machine(0), () -> r.resolve("db.example", T))).as("one nanosecond before the TTL")
                .isEqualTo(first);
        assertThat(calls.get()).isEqualTo(1);
        nanos.addAndGet(1);
        List<InetAddress> again = on(rt.machine(1), () -> r.resolve("db.example", T));
        assertThat(again).as("at the TTL the answer is looked up again").isNotEqualTo(first);
        assertThat(calls.get()).isEqualTo(2);
        nanos.addAndGet(ttl.toNanos() - 1);
        assertThat(on(rt.machine(0), () -> r.resolve("db.example", T))).as("the new answer lives a TTL of its own")
                .isEqualTo(again);
        assertThat(r.offloadedLookups()).isEqualTo(2);
    }

    @Test
    void aZeroTtlCachesNothing() {
        AtomicInteger calls = new AtomicInteger();
        GetaddrinfoResolver r = new GetaddrinfoResolver(Duration.ZERO, counting(calls), () -> 0L);
        on(rt.machine(0), () -> r.resolve("db.example", T));
        on(rt.machine(0), () -> r.resolve("db.example", T));
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aFailedLookupIsNotCached() {
        AtomicInteger calls = new AtomicInteger();
        GetaddrinfoResolver r = new GetaddrinfoResolver(Duration.ofMinutes(1), host -> {
            if (calls.incrementAndGet() == 1) {
                throw new UnknownHostException(host + ": temporary failure in name resolution");
            }
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2, 7})};
        }, () -> 0L);
        on(rt.machine(0), () -> {
            assertThatThrownBy(() -> r.resolve("flaky.example", T)).isInstanceOf(IoFailedException.class);
            return null;
        });
        assertThat(on(rt.machine(0), () -> r.resolve("flaky.example", T))).hasSize(1);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void eachRuntimeHasAGetaddrinfoCacheOfItsOwn() {
        Resolver shared = Resolver.getaddrinfo();
        on(rt.machine(0), () -> {
            shared.resolve("localhost", T);
            return shared.resolve("localhost", T);
        });
        try (Machinarium other = Machinarium.start(MachinariumConfig.builder().machines(1).offloadThreads(2).build())) {
            on(other.machine(0), () -> shared.resolve("localhost", T));
            GetaddrinfoResolver mine = rt.local(GetaddrinfoResolver.class, () -> null);
            GetaddrinfoResolver theirs = other.local(GetaddrinfoResolver.class, () -> null);
            assertThat(mine).isNotSameAs(theirs);
            assertThat(mine.offloadedLookups()).isEqualTo(1);  // the second lookup was a hit
            assertThat(theirs.offloadedLookups()).isEqualTo(1);  // not served from the other runtime's cache
        }
    }

    @Test
    void anUnknownNameFailsWithUnknownHostException() {
        GetaddrinfoResolver r = new GetaddrinfoResolver(Duration.ofMinutes(1), host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        });
        AtomicReference<Throwable> caught = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            try {
                r.resolve("nope.example", T);
            } catch (IoFailedException e) {
                caught.set(e);
            }
        }).join(T);
        assertThat(caught.get()).isInstanceOf(IoFailedException.class).hasMessageContaining("nope.example");
        assertThat(caught.get().getCause()).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aSlowLookupEndsInTimedOutException() {
        CountDownLatch never = new CountDownLatch(1);
        GetaddrinfoResolver r = new GetaddrinfoResolver(Duration.ofMinutes(1), host -> {
            never.await();
            return new InetAddress[0];
        });
        on(rt.machine(0), () -> {
            assertThatThrownBy(() -> r.resolve("slow.example", Duration.ofMillis(100)))
                    .isInstanceOf(TimedOutException.class);
            return null;
        });
    }

    @Test
    void cancellingACoroutineBlockedInALookupEndsItWithCancelledException() {
        CountDownLatch never = new CountDownLatch(1);
        GetaddrinfoResolver r = new GetaddrinfoResolver(Duration.ofMinutes(1), host -> {
            never.await();
            return new InetAddress[0];
        });
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coroutine c = rt.machine(0).spawn(() -> {
            try {
                r.resolve("slow.example", null);
            } catch (CancelledException e) {
                caught.set(e);
            }
        });
        Await.blocked(c);
        c.cancel();
        c.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class);
    }

    @Test
    void addressLiteralsAreNotLookedUp() {
        AtomicInteger calls = new AtomicInteger();
        GetaddrinfoResolver r = new GetaddrinfoResolver(Duration.ofMinutes(1), counting(calls));
        assertThat(r.resolve("127.0.0.1", null)).containsExactly(InetAddress.getLoopbackAddress());
        assertThat(on(rt.machine(0), () -> r.resolve("::1", null))).hasSize(1);
        assertThat(r.offloadedLookups()).isZero();
    }
}
