package io.machinarium.core;

/**
 * What every coroutine's continuation runs: the body of the coroutine being resumed, which the scheduler has
 * set as its current one, keeping the body's exception as the coroutine's failure. One object serves every
 * coroutine, where a lambda per coroutine cost 16 bytes each; and it is a class rather than a lambda so that it
 * adds one frame, not two, to every suspended stack (a frame is kept in the stack chunk of each idle
 * coroutine).
 *
 * <p>Thread: the machine thread, inside the continuation.
 */
final class CoroutineEntry implements Runnable {
    @Override
    public void run() {
        Coroutine c = ((MachineThread) Thread.currentThread()).scheduler.current;
        try {
            c.body.run();
        } catch (Throwable t) {
            CoroutineLinks.of(c).failure = t;
        }
    }
}
