/**
 * Name resolution that never blocks a machine (machinarium's DNS). {@link io.machinarium.net.dns.Resolver}
 * is the contract: {@code resolve(host, timeout)} suspends only the calling coroutine, with a timeout
 * and cancellation like every blocking call.
 *
 * <ul>
 *   <li>{@link io.machinarium.net.dns.Resolver#system()}: the default, an {@link io.machinarium.net.dns.AsyncResolver}
 *       per machine — Netty's asynchronous DNS client on the machine's own event loop, with the name
 *       servers of {@code /etc/resolv.conf}, {@code /etc/hosts} and a cache that respects the records' TTLs.</li>
 *   <li>{@link io.machinarium.net.dns.Resolver#async(java.net.InetSocketAddress)} and
 *       {@link io.machinarium.net.dns.AsyncResolver#builder()}: the same client asking name servers of your
 *       choice.</li>
 *   <li>{@link io.machinarium.net.dns.Resolver#getaddrinfo()}: the JDK's system resolver (getaddrinfo, so
 *       also NSS sources such as LDAP or mDNS) on the offload pool, with a TTL cache shared by all
 *       machines — machinarium's DNS thread pool.</li>
 * </ul>
 *
 * <p>{@link io.machinarium.net.IoContext#connect(String, int, java.time.Duration, io.machinarium.net.IoOptions)}
 * resolves through the resolver of its options, the machine's default when none is set.
 *
 * <p>Mechanism → file: {@code Resolver} (the interface and its contract), {@code AsyncResolver} (Netty's DNS
 * client on each machine's loop, per runtime), {@code GetaddrinfoResolver} (the system resolver on the offload
 * pool, with a TTL cache), {@code AddressLiterals} (IP literals answered at once, with no query).
 */
package io.machinarium.net.dns;
