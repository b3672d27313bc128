package io.machinarium.net.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.Transport;
import io.machinarium.core.testing.Runtimes;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The asynchronous resolver against a real dnsmasq on loopback; never the machine's own name servers. */
class AsyncResolverTest {
    private static final Duration T = Duration.ofSeconds(20);
    /** dnsmasq's TTL for hosts-file answers, in seconds. */
    private static final int TTL = 2;
    private static final String HOSTS = """
            10.1.2.3 alpha.test
            10.1.2.4 both.test
            fd00::4 both.test
            fd00::5 six.test
            10.2.0.1 ttl.test
            10.3.0.1 cached.test
            """;

    private static Dnsmasq dns;
    private final Machinarium rt = Runtimes.start(2);

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dns = Dnsmasq.start(HOSTS, TTL);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    @AfterEach
    void close() {
        rt.close();
    }

    private static <T> T on(Machine m, java.util.function.Supplier<T> body) {
        AtomicReference<T> out = new AtomicReference<>();
        m.spawn(() -> out.set(body.get())).join(T);
        return out.get();
    }

    private static InetAddress ip(String literal) {
        return AddressLiterals.parse(literal);
    }

    @Test
    void resolvesAnARecord() {
        try (AsyncResolver r = Resolver.async(dns.address())) {
            assertThat(on(rt.machine(0), () -> r.resolve("alpha.test", T))).containsExactly(ip("10.1.2.3"));
        }
    }

    @Test
    void resolvesAnAaaaRecord() {
        try (AsyncResolver r = Resolver.async(dns.address())) {
            assertThat(on(rt.machine(0), () -> r.resolve("six.test", T))).containsExactly(ip("fd00::5"));
        }
    }

    @Test
    void resolvesBothAAndAaaaIpv4First() {
        try (AsyncResolver r = Resolver.async(dns.address())) {
            assertThat(on(rt.machine(0), () -> r.resolve("both.test", T)))
                    .containsExactly(ip("10.1.2.4"), ip("fd00::4"));
        }
    }

    @Test
    void resolvesOnAnNioMachineWithANioDatagramChannel() {
        try (Machinarium nio = Machinarium.start(MachinariumConfig.builder().machines(1).offloadThreads(1)
                .transport(Transport.NIO).build());
             AsyncResolver r = Resolver.async(dns.address())) {
            assertThat(on(nio.machine(0), () -> r.resolve("both.test", T)))
                    .containsExactly(ip("10.1.2.4"), ip("fd00::4"));
        }
    }

    @Test
    void servesEveryMachineWithItsOwnClient() {
        try (AsyncResolver r = Resolver.async(dns.address())) {
            assertThat(on(rt.machine(0), () -> r.resolve("alpha.test", T))).containsExactly(ip("10.1.2.3"));
            assertThat(on(rt.machine(1), () -> r.resolve("alpha.test", T))).containsExactly(ip("10.1.2.3"));
        }
    }

    @Test
    void answersFromTheCacheUntilTheTtlExpiresThenAsksAgain() throws Exception {
        try (AsyncResolver r = Resolver.async(dns.address())) {
            Machine m = rt.machine(0);
            long first = System.nanoTime();
            assertThat(on(m, () -> r.resolve("ttl.test", T))).containsExactly(ip("10.2.0.1"));
            int asked = dns.queries("A", "ttl.test");
            dns.rewriteHosts(HOSTS.replace("10.2.0.1 ttl.test", "10.2.0.2 ttl.test"));

            List<InetAddress> cached = on(m, () -> r.resolve("ttl.test", T));
            assertThat(Duration.ofNanos(System.nanoTime() - first))
                    .as("the second lookup must come within the TTL for this test to mean anything")
                    .isLessThan(Duration.ofSeconds(TTL));
            assertThat(cached).containsExactly(ip("10.2.0.1"));
            assertThat(dns.queries("A", "ttl.test")).as("queries while cached").isEqualTo(asked);

            List<InetAddress> fresh = on(m, () -> {
                Coroutine.sleep(Duration.ofNanos(first + Duration.ofSeconds(TTL).toNanos() - System.nanoTime())
                        .plusMillis(300));
                return r.resolve("ttl.test", T);
            });
            assertThat(fresh).containsExactly(ip("10.2.0.2"));
            assertThat(dns.queries("A", "ttl.test")).isEqualTo(asked + 1);
        }
    }

    @Test
    void aCacheTtlOfZeroAsksEveryTime() {
        try (AsyncResolver r = AsyncResolver.builder().nameServer(dns.address())
                .cacheTtl(Duration.ZERO, Duration.ZERO).build()) {
            int before = dns.queries("A", "cached.test");
            on(rt.machine(0), () -> {
                r.resolve("cached.test", T);
                return r.resolve("cached.test", T);
            });
            assertThat(dns.queries("A", "cached.test")).isEqualTo(before + 2);
        }
    }

    @Test
    void anUnknownNameFailsWithUnknownHostException() {
        try (AsyncResolver r = Resolver.async(dns.address())) {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            rt.machine(0).spawn(() -> {
                try {
                    r.resolve("nope.test", T);
                } catch (IoFailedException e) {
                    caught.set(e);
                }
            }).join(T);
            assertThat(caught.get()).isInstanceOf(IoFailedException.class).hasMessageContaining("nope.test");
            assertThat(caught.get().getCause()).isInstanceOf(UnknownHostException.class);
        }
    }

    @Test
    void aNameServerThatNeverAnswersEndsInTimedOutExceptionWithinTheQueryTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             AsyncResolver r = AsyncResolver.builder()
                     .nameServer((InetSocketAddress) silent.getLocalSocketAddress())
                     .queryTimeout(Duration.ofMillis(300)).build()) {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            long start = System.nanoTime();
            rt.machine(0).spawn(() -> {
                try {
                    r.resolve("alpha.test", T);
                } catch (TimedOutException e) {
                    caught.set(e);
                }
            }).join(T);
            assertThat(caught.get()).isInstanceOf(TimedOutException.class).hasMessageContaining("alpha.test")
                    .hasMessageContaining("did not answer within PT0.3S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended by the query timeout, not the caller's")
                    .isLessThan(T);
        }
    }

    @Test
    void aLookupLongerThanTheCallersTimeoutEndsInTimedOutException() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             AsyncResolver r = Resolver.async((InetSocketAddress) silent.getLocalSocketAddress())) {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            long start = System.nanoTime();
            rt.machine(0).spawn(() -> {
                try {
                    r.resolve("alpha.test", Duration.ofMillis(200));
                } catch (TimedOutException e) {
                    caught.set(e);
                }
            }).join(T);
            assertThat(caught.get()).isInstanceOf(TimedOutException.class).hasMessageContaining("within PT0.2S");
            // ended by the caller's 200 ms, not by the resolver's own query timeout (resolv.conf's default 5 s)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void cancellingACoroutineBlockedInALookupEndsItWithCancelledException() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             AsyncResolver r = Resolver.async((InetSocketAddress) silent.getLocalSocketAddress())) {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            Coroutine c = rt.machine(0).spawn(() -> {
                try {
                    r.resolve("alpha.test", null);
                } catch (CancelledException e) {
                    caught.set(e);
                }
            });
            Await.blocked(c);
            assertThat(c.waitingOn()).contains("alpha.test");
            c.cancel();
            c.join(T);
            assertThat(caught.get()).isInstanceOf(CancelledException.class).hasMessageContaining("alpha.test");
        }
    }

    @Test
    void addressLiteralsResolveWithoutAQueryOrACoroutine() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             AsyncResolver r = Resolver.async((InetSocketAddress) silent.getLocalSocketAddress())) {
            assertThat(r.resolve("192.0.2.7", Duration.ZERO)).containsExactly(ip("192.0.2.7"));
            assertThat(r.resolve("[2001:db8::1]", Duration.ZERO)).containsExactly(ip("2001:db8::1"));
            assertThat(on(rt.machine(0), () -> r.resolve("::1", Duration.ZERO))).containsExactly(ip("::1"));
        }
    }

    @Test
    void aNameOutsideACoroutineIsMisuse() {
        try (AsyncResolver r = Resolver.async(dns.address())) {
            assertThatThrownBy(() -> r.resolve("alpha.test", T)).isInstanceOf(MisuseException.class)
                    .hasMessageContaining("inside a coroutine");
        }
    }

    @Test
    void aClosedResolverRefusesLookups() {
        AsyncResolver r = Resolver.async(dns.address());
        on(rt.machine(0), () -> r.resolve("alpha.test", T));
        r.close();
        rt.machine(0).spawn(() -> assertThatThrownBy(() -> r.resolve("alpha.test", T))
                .isInstanceOf(ClosedException.class)).join(T);
    }

    @Test
    void theSystemResolverAnswersLocalhostFromTheHostsFileOnEachMachine() {
        for (Machine m : rt.machines()) {
            assertThat(on(m, () -> Resolver.system().resolve("localhost", T)))
                    .isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        }
    }
}
