/**
 * What the samples share: {@link io.machinarium.samples.Serving} (the ready line, signals and the graceful
 * shutdown of a {@link io.machinarium.net.server.Server}, in the samples' words), command lines
 * ({@link io.machinarium.samples.Options}, {@link io.machinarium.samples.HostPort},
 * {@link io.machinarium.samples.ServerTls}), and {@code HelloSample}, the default sample. The samples are the
 * subpackages {@code echo}, {@code proxy} and {@code bank}; the launcher is {@code launch}. Nothing here depends
 * on them.
 */
package io.machinarium.samples;
