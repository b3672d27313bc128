package io.machinarium.core;

/** An entry of a machine's {@link TimerHeap}: fires once on the machine thread when its deadline passes. */
abstract class Timer {
    long deadline;
    /** Position in the heap, or -1 when not scheduled. */
    int index = -1;

    /** Runs on the machine thread after the timer was removed from the heap. Must not block. */
    abstract void fire();

    final boolean isScheduled() {
        return index >= 0;
    }
}
