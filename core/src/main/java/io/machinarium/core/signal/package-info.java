/**
 * POSIX signals as a blocking wait: {@link io.machinarium.core.signal.SignalWait} turns SIGINT,
 * SIGTERM and SIGHUP into values a coroutine or thread receives, for graceful shutdown and reloads.
 */
package io.machinarium.core.signal;
