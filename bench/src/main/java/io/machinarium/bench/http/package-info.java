/**
 * The HTTP load scenarios ({@code http-plaintext}, {@code http-codec}): the "hello" server in each style
 * under test, started as its own process by {@link io.machinarium.bench.http.HelloServer}, nginx as an
 * anchor, and wrk as the load generator; {@link io.machinarium.bench.http.HttpScenarios} runs the pairs.
 */
package io.machinarium.bench.http;
