/**
 * POSIX signals as a blocking wait: {@link io.machinarium.core.signal.SignalWait} turns SIGINT,
 * SIGTERM and SIGHUP into values a coroutine or thread receives, for graceful shutdown and reloads.
 *
 * <p>Mechanism → file: {@code SignalWait} (the wait and the handlers it installs while open), {@code Signal}
 * (the signals a program may wait for), {@code SignalIgnoredException} (a signal the process ignores).
 */
package io.machinarium.core.signal;
