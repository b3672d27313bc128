package io.machinarium.actors;

import java.time.Duration;

/**
 * The info a server receives when no message arrived for its idle timeout
 * ({@link ServerContext#idleTimeout}).
 *
 * @param after the idle time that passed
 * @since 0.1.0
 */
public record IdleTimeout(Duration after) {
}
