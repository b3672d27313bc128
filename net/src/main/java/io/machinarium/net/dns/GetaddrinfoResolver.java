package io.machinarium.net.dns;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system resolver (getaddrinfo through {@link InetAddress#getAllByName}) run on the offload pool,
 * with a TTL cache — machinarium's DNS thread pool. Answers are cached for a fixed time after the lookup,
 * whatever the records' own TTLs; failures are not cached. The cache is Caffeine's, bounded to
 * {@value #MAX_ENTRIES} names (past that, the least useful entries go first) and with its upkeep run on the
 * calling thread, never on a JVM-wide pool.
 *
 * <p>Thread safety: any machine may use one instance; a name looked up on one machine is served from the
 * cache on every other. Two coroutines that miss the cache together each offload a lookup: the cache's
 * compute-if-absent is not used, because the lookup suspends the coroutine, and a coroutine must not
 * suspend inside the cache's locked section.
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

    /** The most names one cache keeps; a bound, so that a stream of distinct names cannot grow it forever. */
    static final int MAX_ENTRIES = 10_000;
    private static final Duration LONGEST_TTL = Duration.ofDays(365);

    private final Duration ttl;
    private final Lookup lookup;
    /** Null when the TTL is zero: nothing is cached. */
    private final Cache<String, List<InetAddress>> cache;
    private final AtomicLong offloaded = new AtomicLong();

    /**
     * @param ttl how long answers are cached
     * @param lookup the blocking lookup run on the offload pool
     */
    GetaddrinfoResolver(Duration ttl, Lookup lookup) {
        this(ttl, lookup, Ticker.systemTicker());
    }

    /**
     * @param ttl how long answers are cached
     * @param lookup the blocking lookup run on the offload pool
     * @param ticker the cache's clock, in nanoseconds; a hand-driven one in tests
     */
    GetaddrinfoResolver(Duration ttl, Lookup lookup, Ticker ticker) {
        this.ttl = ttl;
        this.lookup = lookup;
        this.cache = ttl.isZero() ? null : Caffeine.newBuilder()
                .expireAfterWrite(ttl.compareTo(LONGEST_TTL) > 0 ? LONGEST_TTL : ttl)
                .maximumSize(MAX_ENTRIES)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
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
        if (cache == null) {
            return lookUp(host, timeout);
        }
        String key = host.toLowerCase(Locale.ROOT);
        List<InetAddress> cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        List<InetAddress> found = lookUp(host, timeout);
        cache.put(key, found);
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
        return "getaddrinfo resolver (cache TTL " + ttl + ", " + (cache != null ? cache.estimatedSize() : 0)
                + " entries)";
    }
}
