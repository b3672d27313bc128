package io.machinarium.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a supervisor does: its children in start order, its restart strategy and its restart intensity
 * (at most {@code maxRestarts} restarts within {@code period}; one more and it gives up). Immutable.
 *
 * <pre>{@code
 * SupervisorSpec.of(Strategy.REST_FOR_ONE,
 *         ChildSpec.actor("db", db),
 *         ChildSpec.actor("cache", cache))
 *     .intensity(3, Duration.ofSeconds(5))
 * }</pre>
 *
 * @param strategy which children restart together
 * @param maxRestarts the most restarts allowed within {@code period}
 * @param period the sliding window of the intensity
 * @param children the children, in start order (stopped in reverse)
 * @since 0.1.0
 */
public record SupervisorSpec(Strategy strategy, int maxRestarts, Duration period, List<ChildSpec<?>> children) {
    /** Checks the components: ids unique, intensity non-negative. */
    public SupervisorSpec {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(period, "period");
        if (maxRestarts < 0 || period.isNegative()) {
            throw new IllegalArgumentException("restart intensity must be non-negative: " + maxRestarts + " in " + period);
        }
        children = List.copyOf(children);
        HashSet<String> ids = new HashSet<>();
        for (ChildSpec<?> c : children) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("two children share the id '" + c.id() + "'");
            }
        }
    }

    /**
     * A spec with OTP's default intensity (3 restarts in 5 seconds).
     *
     * @param strategy the strategy
     * @param children the children in start order
     * @return the spec
     */
    public static SupervisorSpec of(Strategy strategy, ChildSpec<?>... children) {
        return new SupervisorSpec(strategy, 3, Duration.ofSeconds(5), List.of(children));
    }

    /**
     * A copy with another intensity.
     *
     * @param maxRestarts the most restarts allowed within the period
     * @param period the window
     * @return the copy
     */
    public SupervisorSpec intensity(int maxRestarts, Duration period) {
        return new SupervisorSpec(strategy, maxRestarts, period, children);
    }

    /**
     * A copy with one more child at the end.
     *
     * @param child the child
     * @return the copy
     */
    public SupervisorSpec with(ChildSpec<?> child) {
        List<ChildSpec<?>> all = new ArrayList<>(children);
        all.add(child);
        return new SupervisorSpec(strategy, maxRestarts, period, all);
    }
}
