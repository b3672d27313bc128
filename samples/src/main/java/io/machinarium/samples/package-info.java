/**
 * The samples' launcher and what the network samples share. {@link io.machinarium.samples.SampleMain}
 * is the entry point of {@code bin/sample NAME [OPTIONS]} and {@code HelloSample} the default sample;
 * {@link io.machinarium.samples.Acceptor} (an acceptor machine handing connections over, detached) and
 * {@link io.machinarium.samples.WorkerPool} (worker machines that attach and serve them) are Odyssey's
 * acceptor/worker shape; {@link io.machinarium.samples.Serving} is the listen, signal and grace-period
 * life cycle; {@link io.machinarium.samples.Options}, {@link io.machinarium.samples.HostPort} and
 * {@link io.machinarium.samples.ServerTls} read command lines. The samples themselves are in the
 * subpackages {@code echo}, {@code proxy} and {@code bank}.
 */
package io.machinarium.samples;
