package io.machinarium.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.samples.HostPort;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {
    private static final List<HostPort> THREE = List.of(new HostPort("a", 1), new HostPort("b", 2), new HostPort("c", 3));

    private static List<String> names(List<Backend> order) {
        return order.stream().map(b -> b.address().host()).toList();
    }

    @Test
    void roundRobinStartsEachClientAtTheNextBackend() {
        Backends b = new Backends(THREE, Balance.ROUND_ROBIN);
        assertThat(names(b.order())).containsExactly("a", "b", "c");
        assertThat(names(b.order())).containsExactly("b", "c", "a");
        assertThat(names(b.order())).containsExactly("c", "a", "b");
        assertThat(names(b.order())).containsExactly("a", "b", "c");
    }

    @Test
    void leastConnPrefersTheBackendWithFewestConnections() {
        Backends b = new Backends(THREE, Balance.LEAST_CONN);
        b.all().get(0).opened();
        b.all().get(0).opened();
        b.all().get(1).opened();
        assertThat(names(b.order())).containsExactly("c", "b", "a");
        b.all().get(0).closed();
        b.all().get(0).closed();
        assertThat(names(b.order()).get(0)).isIn("a", "c");
    }

    @Test
    void aFailedBackendIsTriedLastUntilItsBackOffEnds() {
        Backends b = new Backends(THREE, Balance.ROUND_ROBIN);
        b.failed(b.all().get(0));
        assertThat(b.all().get(0).isDown(System.nanoTime())).isTrue();
        assertThat(names(b.order())).containsExactly("b", "c", "a");
        assertThat(names(b.order())).containsExactly("b", "c", "a");
        b.succeeded(b.all().get(0));
        assertThat(b.all().get(0).isDown(System.nanoTime())).isFalse();
        assertThat(names(b.order())).containsExactly("c", "a", "b");
    }

    @Test
    void theBackOffDoublesWithEachFailureInARowUpToTheMaximum() {
        Backend be = new Backend(new HostPort("a", 1));
        long now = System.nanoTime();
        Duration first = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(3);
        be.markDown(now, first, max);
        assertThat(be.isDown(now + Duration.ofMillis(999).toNanos())).isTrue();
        assertThat(be.isDown(now + Duration.ofMillis(1001).toNanos())).isFalse();
        be.markDown(now, first, max);
        assertThat(be.isDown(now + Duration.ofMillis(1999).toNanos())).isTrue();
        assertThat(be.isDown(now + Duration.ofMillis(2001).toNanos())).isFalse();
        be.markDown(now, first, max);
        be.markDown(now, first, max);
        assertThat(be.isDown(now + Duration.ofMillis(2999).toNanos())).isTrue();
        assertThat(be.isDown(now + Duration.ofMillis(3001).toNanos())).isFalse();
        be.markUp();
        be.markDown(now, first, max);
        assertThat(be.isDown(now + Duration.ofMillis(1001).toNanos())).isFalse();
    }
}
