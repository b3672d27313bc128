package io.machinarium.core.signal;

/**
 * Run in a child JVM by {@link IgnoredSignalTest}: opens a wait for TERM and HUP and says what happened.
 * Exit status 0: opened; 3: refused as ignored, and TERM could be opened alone afterwards.
 */
public final class IgnoredSignalProbe {
    private IgnoredSignalProbe() {
    }

    /**
     * Opens the wait and prints the outcome.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (SignalWait w = SignalWait.open(Signal.TERM, Signal.HUP)) {
            System.out.println("opened " + w);
            System.exit(0);
        } catch (SignalIgnoredException e) {
            System.out.println(e.getClass().getSimpleName() + " for SIG" + e.signal() + ": " + e.getMessage());
        }
        try (SignalWait alone = SignalWait.open(Signal.TERM)) {
            System.out.println("TERM still free: " + alone);
        }
        System.exit(3);
    }
}
