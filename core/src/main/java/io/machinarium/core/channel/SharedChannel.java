package io.machinarium.core.channel;

/**
 * A channel for any number of writers and readers on any machines and plain threads.
 *
 * <pre>{@code
 * SharedChannel<Job> jobs = new SharedChannel<>(LimitPolicy.hard(10_000));
 * acceptor.spawn(() -> { for (;;) jobs.write(nextJob()); });
 * worker.spawn(() -> { for (;;) handle(jobs.read()); });        // suspends while empty
 * }</pre>
 *
 * <p>Cost: a write that finds a reader waiting on another machine costs one offer to that machine's
 * lock-free inbox and, only if that machine is asleep in epoll, one wake-up; so does a read that lets a
 * waiting {@link #put} in. The message queue and the lists of waiting readers and writers are guarded by a
 * spin lock held for a few field writes (a deque is needed for {@link #readBack}); no thread ever parks on
 * it. A channel is {@link AutoCloseable}: see {@link Channel} for what a closed channel keeps and who
 * releases it.
 *
 * @param <T> the message type
 * @since 0.1.0
 */
public final class SharedChannel<T> extends ChannelCore<T> {
    private final SpinLock lock = new SpinLock();

    /** Creates an unlimited channel. */
    public SharedChannel() {
        this(LimitPolicy.unlimited());
    }

    /**
     * Creates a channel with a limit policy.
     *
     * @param policy when writes are rejected
     */
    public SharedChannel(LimitPolicy policy) {
        super(policy);
    }

    @Override
    void lock() {
        lock.lock();
    }

    @Override
    void unlock() {
        lock.unlock();
    }
}
