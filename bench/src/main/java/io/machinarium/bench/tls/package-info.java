/**
 * The {@code tls} scenario: our TLS server process ({@link io.machinarium.bench.tls.TlsServer}) against
 * {@code openssl s_server}, both loaded by {@code openssl s_time}; {@link io.machinarium.bench.tls.TlsScenarios}
 * runs the pairs.
 */
package io.machinarium.bench.tls;
