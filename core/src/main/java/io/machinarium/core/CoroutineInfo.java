package io.machinarium.core;

import java.util.List;

/**
 * One line of a coroutine dump ({@link Machinarium#coroutines}).
 *
 * @param id the coroutine's id
 * @param name the coroutine's name
 * @param machine the name of the machine it runs on
 * @param state its state when the dump was taken
 * @param waitingOn what it waits on, or null
 * @param stack its stack, innermost frame first; empty when the JVM could not give one
 * @param stackCut whether the stack is longer than listed ({@link DumpLimits#maxFrames()})
 * @param parentId the id of the coroutine that spawned it ({@link Coroutine#parent()}), or 0 for none
 * @since 0.1.0
 */
public record CoroutineInfo(long id, String name, String machine, CoroutineState state, String waitingOn,
                            List<StackTraceElement> stack, boolean stackCut, long parentId) {
    /**
     * An entry with no parent.
     *
     * @param id the coroutine's id
     * @param name the coroutine's name
     * @param machine the name of the machine it runs on
     * @param state its state when the dump was taken
     * @param waitingOn what it waits on, or null
     * @param stack its stack, innermost frame first
     * @param stackCut whether the stack is longer than listed
     */
    public CoroutineInfo(long id, String name, String machine, CoroutineState state, String waitingOn,
                         List<StackTraceElement> stack, boolean stackCut) {
        this(id, name, machine, state, waitingOn, stack, stackCut, 0);
    }

    /**
     * An entry with its whole stack.
     *
     * @param id the coroutine's id
     * @param name the coroutine's name
     * @param machine the name of the machine it runs on
     * @param state its state when the dump was taken
     * @param waitingOn what it waits on, or null
     * @param stack its whole stack, innermost frame first
     */
    public CoroutineInfo(long id, String name, String machine, CoroutineState state, String waitingOn,
                         List<StackTraceElement> stack) {
        this(id, name, machine, state, waitingOn, stack, false, 0);
    }

    /**
     * Formats the entry as a few lines of text, like a thread dump entry; a coroutine spawned by another
     * names its parent ({@code parent=#id}), so the dump reads as a tree.
     *
     * @return the formatted entry
     */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append('"').append(name).append("\" #").append(id);
        if (parentId != 0) {
            b.append(" parent=#").append(parentId);
        }
        b.append(" machine=").append(machine).append(' ').append(state);
        if (waitingOn != null) {
            b.append(" waiting on ").append(waitingOn);
        }
        b.append('\n');
        for (StackTraceElement e : stack) {
            b.append("\tat ").append(e).append('\n');
        }
        if (stackCut) {
            b.append("\t…\n");
        }
        return b.toString();
    }
}
