/**
 * The {@code remote} scenario ({@link io.machinarium.bench.remote.RemoteScenarios}): actors of two JVMs,
 * ours over NATS against Pekko's Artery remoting and raw jnats. Each system is a responder main (JVM B:
 * {@code ClusterEcho}, {@code PekkoEcho}, {@code NatsEcho}) and a driver main (JVM A: {@code ClusterDriver},
 * {@code PekkoDriver}, {@code NatsDriver}) that the harness ({@code RemotePeer}) speaks to through the line
 * protocol of {@code Commands}; what they all do is {@code Workload}; the server is {@code NatsServerProcess}.
 */
package io.machinarium.bench.remote;
