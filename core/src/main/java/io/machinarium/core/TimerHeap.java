package io.machinarium.core;

import java.util.Arrays;

/**
 * A binary min-heap of {@link Timer}s ordered by deadline, with O(log n) removal: a timed wait that ends
 * early takes its timer out instead of leaving garbage behind. Machine-confined, no allocation per
 * timer beyond the timer itself.
 */
final class TimerHeap {
    private Timer[] heap = new Timer[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest deadline; only valid when not empty. */
    long nextDeadline() {
        return heap[0].deadline;
    }

    void add(Timer t, long deadline) {
        if (t.index >= 0) {
            remove(t);
        }
        t.deadline = deadline;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.index = size;
        heap[size++] = t;
        siftUp(t.index);
    }

    void remove(Timer t) {
        int i = t.index;
        if (i < 0) {
            return;
        }
        t.index = -1;
        Timer last = heap[--size];
        heap[size] = null;
        if (i == size) {
            return;
        }
        heap[i] = last;
        last.index = i;
        siftDown(i);
        if (last.index == i) {
            siftUp(i);
        }
    }

    /** Removes and fires every timer whose deadline is at or before {@code now}; returns how many fired. */
    int fireDue(long now) {
        int fired = 0;
        while (size > 0 && heap[0].deadline - now <= 0) {
            Timer t = heap[0];
            remove(t);
            t.fire();
            fired++;
        }
        return fired;
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (p.deadline - t.deadline <= 0) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Timer c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].deadline - c.deadline < 0) {
                child = right;
                c = heap[child];
            }
            if (t.deadline - c.deadline <= 0) {
                break;
            }
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
