/**
 * {@code bin/sample echo}: an echo server on an acceptor machine and N worker machines.
 * {@link io.machinarium.samples.echo.EchoSample} is the program, {@link io.machinarium.samples.echo.Echo}
 * the service of one connection.
 */
package io.machinarium.samples.echo;
