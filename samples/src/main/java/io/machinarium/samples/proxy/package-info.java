/**
 * {@code bin/sample proxy}: a TCP proxy in Odyssey's shape. {@link io.machinarium.samples.proxy.ProxySample}
 * reads the command line; {@code ProxyServer} wires the machines and listeners; {@code ClientSession} serves
 * one client (TLS, backend choice with failover); {@code Relay} copies both ways; {@code Backends} picks
 * backends and marks them down; {@code AdminServer} and {@code ProxyMetrics} answer {@code /metrics} and
 * {@code /coroutines}.
 */
package io.machinarium.samples.proxy;
