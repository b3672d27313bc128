package io.machinarium.net.dns;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.Transport;
import io.machinarium.core.spi.Blocker;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Netty's asynchronous DNS client ({@link DnsNameResolver}) on the event loop of each machine that uses
 * it: a lookup sends its queries from the machine's own thread and suspends only the calling coroutine
 * until the answer arrives. Answers (A and AAAA records, IPv4 first) are cached per machine for as long
 * as their TTLs say, within the bounds set by the {@link Builder}.
 *
 * <pre>{@code
 * try (AsyncResolver dns = Resolver.async(new InetSocketAddress("10.0.0.53", 53))) {
 *     machine.spawn(() -> {
 *         List<InetAddress> db = dns.resolve("db.internal", Duration.ofSeconds(2));
 *     }).join();
 * }
 * }</pre>
 *
 * <p>Thread safety: any machine may use one resolver; each machine gets its own Netty resolver (with its
 * own socket and cache), created at its first lookup and used only by that machine's thread.
 * {@link #close()} may be called from any thread.
 *
 * @since 0.1.0
 */
public final class AsyncResolver implements Resolver, AutoCloseable {
    /** {@link Resolver#system()}: the machine's own instance, kept machine-local, never closed by users. */
    static final AsyncResolver SYSTEM = new AsyncResolver(new Builder(), true);

    private final List<InetSocketAddress> nameServers;
    private final Duration queryTimeout;
    private final int minTtl;
    private final int maxTtl;
    private final int negativeTtl;
    private final List<String> searchDomains;
    private final boolean hostsFile;
    private final boolean machineLocal;
    private final ConcurrentHashMap<Machine, DnsNameResolver> instances = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private AsyncResolver(Builder b, boolean machineLocal) {
        this.nameServers = List.copyOf(b.nameServers);
        this.queryTimeout = b.queryTimeout;
        this.minTtl = b.minTtl;
        this.maxTtl = b.maxTtl;
        this.negativeTtl = b.negativeTtl;
        this.searchDomains = b.searchDomains != null ? List.copyOf(b.searchDomains)
                : nameServers.isEmpty() ? null : List.of();
        this.hostsFile = b.hostsFile;
        this.machineLocal = machineLocal;
    }

    /**
     * A builder for a resolver of your own. Its defaults: the name servers, search domains and query
     * timeout of {@code /etc/resolv.conf} (no search domains once name servers are given), answers from
     * {@code /etc/hosts} first, the records' own TTLs and no caching of failures.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves a name with the calling machine's Netty resolver, suspending the calling coroutine until
     * the answer arrives; a cached answer returns at once, and a literal needs no coroutine. See
     * {@link Resolver#resolve}.
     *
     * @param host the name or literal
     * @param timeout how long to wait at most; null waits forever (the name servers' query timeout still
     *     applies)
     * @return the addresses, IPv4 first; an unmodifiable list
     * @throws TimedOutException if no answer came within {@code timeout}, or the name servers did not
     *     answer within the query timeout
     * @throws CancelledException if the calling coroutine is or gets cancelled (the lookup is abandoned)
     * @throws IoFailedException if the name does not resolve (the cause is an {@code UnknownHostException})
     * @throws ClosedException if this resolver was closed
     * @throws MisuseException if a name (not a literal) is resolved outside a coroutine
     */
    @Override
    public List<InetAddress> resolve(String host, Duration timeout) {
        InetAddress literal = AddressLiterals.parse(host);
        if (literal != null) {
            return List.of(literal);
        }
        Coroutine me = Coroutine.current();
        if (me == null) {
            throw new MisuseException("resolving '" + host + "' must happen inside a coroutine: the DNS client runs "
                    + "on the machine's event loop.");
        }
        Blocker.throwIfCancelled("DNS lookup of '" + host + "'");
        long deadline = Blocker.deadline(timeout);
        Future<List<InetAddress>> f = instanceFor(me.machine()).resolveAll(host);
        Blocker.Outcome o = Blocker.awaitFuture(f, deadline, "DNS lookup of '" + host + "'");
        if (o != Blocker.Outcome.WOKEN) {
            f.cancel(false);
            o.orThrow("DNS lookup of", "'" + host + "'", "got no answer", timeout);
        }
        if (!f.isSuccess()) {
            throw failure(host, f.cause());
        }
        List<InetAddress> found = f.getNow();
        if (found == null || found.isEmpty()) {
            throw failure(host, null);
        }
        return List.copyOf(found);
    }

    /** The exception a lookup that failed (or found nothing) ends with: closed, timed out at the name servers, or failed. */
    private RuntimeException failure(String host, Throwable cause) {
        if (closed) {
            return new ClosedException("DNS lookup of '" + host + "' failed: the resolver was closed meanwhile");
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DnsNameResolverTimeoutException) {
                return new TimedOutException("DNS lookup of '" + host + "': the name servers did not answer within "
                        + queryTimeoutText());
            }
        }
        UnknownHostException u;
        if (cause instanceof UnknownHostException x) {
            u = x;
        } else {
            u = new UnknownHostException(host + (cause != null ? ": " + cause : ": no address"));
            u.initCause(cause);
        }
        return new IoFailedException("cannot resolve '" + host + "': " + u.getMessage(), u);
    }

    private String queryTimeoutText() {
        return queryTimeout != null ? queryTimeout.toString() : "the query timeout of /etc/resolv.conf";
    }

    /** The Netty resolver of machine {@code m}; called on m's thread only. */
    private DnsNameResolver instanceFor(Machine m) {
        if (machineLocal) {
            return m.local(this, () -> newNettyResolver(m));
        }
        if (closed) {
            throw new ClosedException("this DNS resolver is closed");
        }
        DnsNameResolver r = instances.get(m);
        if (r == null) {
            instances.keySet().removeIf(Machine::isTerminated);
            r = newNettyResolver(m);
            instances.put(m, r);
            // close() may have run meanwhile and missed r: whoever removes it closes it
            if (closed && instances.remove(m, r)) {
                r.close();
                throw new ClosedException("this DNS resolver is closed");
            }
        }
        return r;
    }

    private DnsNameResolver newNettyResolver(Machine m) {
        boolean epoll = m.transport() == Transport.EPOLL;
        DnsNameResolverBuilder b = new DnsNameResolverBuilder(m.eventLoop())
                .datagramChannelType(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .socketChannelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .resolvedAddressTypes(NetUtil.isIpV4StackPreferred() ? ResolvedAddressTypes.IPV4_ONLY
                        : ResolvedAddressTypes.IPV4_PREFERRED);
        if (maxTtl == 0) {
            // Netty's CNAME and name-server caches refuse a maximum TTL of 0: no caches at all instead
            b.resolveCache(NoopDnsCache.INSTANCE).cnameCache(NoopDnsCnameCache.INSTANCE)
                    .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE);
        } else {
            b.ttl(minTtl, maxTtl).negativeTtl(negativeTtl);
        }
        if (!nameServers.isEmpty()) {
            b.nameServerProvider(new SequentialDnsServerAddressStreamProvider(nameServers));
        }
        if (queryTimeout != null) {
            b.queryTimeoutMillis(Math.max(1, queryTimeout.toMillis()));
        }
        if (searchDomains != null) {
            b.searchDomains(searchDomains);
        }
        if (!hostsFile) {
            b.hostsFileEntriesResolver((name, types) -> null);
        }
        return b.build();
    }

    /**
     * Closes the resolver's sockets on every machine that used it (each on its own thread, soon after
     * this returns) and drops its caches; lookups then fail with {@link ClosedException}. Never blocks;
     * closing twice does nothing. Closing {@link Resolver#system()} does nothing: it lives as long as each
     * machine.
     */
    @Override
    public void close() {
        if (machineLocal || closed) {
            return;
        }
        closed = true;
        for (Machine m : new ArrayList<>(instances.keySet())) {
            DnsNameResolver r = instances.get(m);
            if (r == null || !instances.remove(m, r)) {
                continue;
            }
            if (m.eventLoop().inEventLoop()) {
                r.close();
            } else {
                try {
                    m.eventLoop().execute(r::close);
                } catch (RejectedExecutionException e) {
                    // the machine stopped: its event loop closed the socket already
                }
            }
        }
    }

    @Override
    public String toString() {
        return machineLocal ? "system DNS resolver" : "DNS resolver asking " + (nameServers.isEmpty()
                ? "the name servers of /etc/resolv.conf" : nameServers.toString());
    }

    /**
     * Sets up an {@link AsyncResolver}; see {@link AsyncResolver#builder()} for the defaults. Not
     * thread-safe; {@link #build()} may be called more than once.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final List<InetSocketAddress> nameServers = new ArrayList<>();
        private Duration queryTimeout;
        private int minTtl;
        private int maxTtl = Integer.MAX_VALUE;
        private int negativeTtl;
        private List<String> searchDomains;
        private boolean hostsFile = true;

        private Builder() {
        }

        /**
         * Adds a name server to ask, after those added before (the next is asked when one fails or does
         * not answer). Without any, the name servers of {@code /etc/resolv.conf} are asked.
         *
         * @param address the name server's address and port
         * @return this builder
         * @throws IllegalArgumentException if the address is null or unresolved
         */
        public Builder nameServer(InetSocketAddress address) {
            if (address == null || address.isUnresolved()) {
                throw new IllegalArgumentException("a name server needs a resolved address, not " + address);
            }
            nameServers.add(address);
            return this;
        }

        /**
         * Sets how long one query waits for a name server's answer before the next is asked; a lookup whose
         * queries all go unanswered fails with {@link TimedOutException}.
         *
         * @param timeout the query timeout, at least 1 ms
         * @return this builder
         * @throws IllegalArgumentException if it is null, zero or negative
         */
        public Builder queryTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the query timeout must be positive, not " + timeout);
            }
            this.queryTimeout = timeout;
            return this;
        }

        /**
         * Bounds how long answers stay cached: a record's TTL is raised to {@code min} and cut to
         * {@code max} (whole seconds). {@code max} zero turns the cache off.
         *
         * @param min the shortest time an answer is kept
         * @param max the longest time an answer is kept
         * @return this builder
         * @throws IllegalArgumentException if a bound is null or negative, or min exceeds max
         */
        public Builder cacheTtl(Duration min, Duration max) {
            if (min == null || max == null || min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("cache TTL bounds need 0 <= min <= max, not " + min + ", " + max);
            }
            this.minTtl = seconds(min);
            this.maxTtl = seconds(max);
            return this;
        }

        /**
         * Sets how long a name that does not exist stays known as such; zero (the default) caches no
         * failure, and so does a cache turned off by {@link #cacheTtl} with a maximum of zero.
         *
         * @param ttl how long a failed lookup is remembered
         * @return this builder
         * @throws IllegalArgumentException if it is null or negative
         */
        public Builder negativeTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative()) {
                throw new IllegalArgumentException("the negative TTL must be zero or positive, not " + ttl);
            }
            this.negativeTtl = seconds(ttl);
            return this;
        }

        /**
         * Sets the domains tried after a name with fewer dots than resolv.conf's ndots (e.g. "db" as
         * "db.corp.example"). Default: those of {@code /etc/resolv.conf}, or none once name servers are given.
         *
         * @param domains the search domains, in order; none to turn searching off
         * @return this builder
         */
        public Builder searchDomains(String... domains) {
            this.searchDomains = List.of(domains);
            return this;
        }

        /**
         * Sets whether {@code /etc/hosts} is consulted before any query (the default) or not.
         *
         * @param on whether to answer from the hosts file first
         * @return this builder
         */
        public Builder hostsFile(boolean on) {
            this.hostsFile = on;
            return this;
        }

        /**
         * Builds the resolver. Opens no socket: each machine opens its own at its first lookup.
         *
         * @return a new resolver; close it when done
         */
        public AsyncResolver build() {
            return new AsyncResolver(this, false);
        }

        private static int seconds(Duration d) {
            return (int) Math.min(Integer.MAX_VALUE, d.getSeconds());
        }
    }
}
