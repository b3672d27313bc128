package io.machinarium.net.dns;

import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.Offload;
import io.machinarium.core.OffloadFailedException;
import io.machinarium.core.spi.Blocker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system resolver (getaddrinfo through {@link InetAddress#getAllByName}) run on the offload pool,
 * with a TTL cache — machinarium's DNS thread pool. Answers are cached for a fixed time, whatever the
 * records' own TTLs; failures are not cached.
 *
 * <p>Thread safety: any machine may use one instance; the cache is a concurrent map, so a name looked up
 * on one machine is served from the cache on every other. Two coroutines that miss the cache together
 * each offload a lookup.
 */
final class GetaddrinfoResolver implements Resolver {
    /** The lookup behind the cache; the JDK's in production, a stand-in in tests. */
    interface Lookup {
        InetAddress[] addresses(String host) throws Exception;
    }

    /** How long {@link Resolver#getaddrinfo()} keeps an answer: a runtime's shared cache. */
    static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    /**
     * {@link Resolver#getaddrinfo()}: each lookup uses the cache of the caller's runtime (made at its first
     * lookup), so that two runtimes of one process share no cache.
     */
    static final Resolver PER_RUNTIME = (host, timeout) -> {
        InetAddress literal = AddressLiterals.parse(host);
        if (literal != null) {
            return List.of(literal);
        }
        Coroutine me = Coroutine.current();
        if (me == null) {
            throw new MisuseException("resolving '" + host + "' must happen inside a coroutine: the lookup runs on "
                    + "the offload pool while the coroutine waits.");
        }
        return me.machine().runtime().<GetaddrinfoResolver>local(GetaddrinfoResolver.class,
                () -> new GetaddrinfoResolver(DEFAULT_TTL, InetAddress::getAllByName)).resolve(host, timeout);
    };

    /** Above this many entries, an insertion first drops the expired ones. */
    private static final int PRUNE_ABOVE = 1024;
    private static final Duration LONGEST_TTL = Duration.ofDays(365);

    private final Duration ttl;
    private final Lookup lookup;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicLong offloaded = new AtomicLong();

    private record Entry(List<InetAddress> addresses, long expiresAtNanos) {
        boolean isFresh(long now) {
            return now - expiresAtNanos < 0;
        }
    }

    /**
     * @param ttl how long answers are cached
     * @param lookup the blocking lookup run on the offload pool
     */
    GetaddrinfoResolver(Duration ttl, Lookup lookup) {
        this.ttl = ttl;
        this.lookup = lookup;
    }

    @Override
    public List<InetAddress> resolve(String host, Duration timeout) {
        InetAddress literal = AddressLiterals.parse(host);
        if (literal != null) {
            return List.of(literal);
        }
        Coroutine me = Coroutine.current();
        if (me == null) {
            throw new MisuseException("resolving '" + host + "' must happen inside a coroutine: the lookup runs on "
                    + "the offload pool while the coroutine waits.");
        }
        Blocker.throwIfCancelled("getaddrinfo of '" + host + "'");
        String key = host.toLowerCase(Locale.ROOT);
        Entry cached = cache.get(key);
        if (cached != null) {
            if (cached.isFresh(System.nanoTime())) {
                return cached.addresses;
            }
            cache.remove(key, cached);
        }
        Duration keep = ttl;
        List<InetAddress> found = lookUp(host, timeout);
        if (!keep.isZero()) {
            if (cache.size() > PRUNE_ABOVE) {
                long now = System.nanoTime();
                cache.values().removeIf(e -> !e.isFresh(now));
            }
            Duration bounded = keep.compareTo(LONGEST_TTL) > 0 ? LONGEST_TTL : keep;
            cache.put(key, new Entry(found, System.nanoTime() + bounded.toNanos()));
        }
        return found;
    }

    private List<InetAddress> lookUp(String host, Duration timeout) {
        offloaded.incrementAndGet();
        InetAddress[] addresses;
        try {
            addresses = Offload.call(() -> lookup.addresses(host), timeout);
        } catch (OffloadFailedException e) {
            throw notFound(host, e.getCause());
        }
        if (addresses == null || addresses.length == 0) {
            throw notFound(host, null);
        }
        return List.of(addresses);
    }

    private static IoFailedException notFound(String host, Throwable cause) {
        UnknownHostException u;
        if (cause instanceof UnknownHostException x) {
            u = x;
        } else {
            u = new UnknownHostException(host + (cause != null ? ": " + cause : ": no address"));
            u.initCause(cause);
        }
        return new IoFailedException("cannot resolve '" + host + "': " + u.getMessage(), u);
    }

    /** Lookups handed to the offload pool so far (cache misses), for tests. */
    long offloadedLookups() {
        return offloaded.get();
    }

    @Override
    public String toString() {
        return "getaddrinfo resolver (cache TTL " + (ttl != null ? ttl : "of the runtime") + ", " + cache.size()
                + " entries)";
    }
}
