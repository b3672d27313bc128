package io.machinarium.bench.harness;

/**
 * How long and how big a run is: full (documented figures), quick (about a quarter of the time) or
 * smoke (one short pair with tiny sizes, so CI proves the harness still runs).
 *
 * @param quick shorter runs and smaller sizes
 * @param smoke one pair, tiny sizes; implies quick
 */
public record Mode(boolean quick, boolean smoke) {
    /** @return how many ours/anchor pairs each row runs: one in smoke mode, else three */
    public int pairs() {
        return smoke ? 1 : 3;
    }

    /**
     * Picks a size by mode.
     *
     * @param full the full-mode value
     * @param quick the quick-mode value
     * @param smoke the smoke-mode value
     * @return the one for this mode
     */
    public int size(int full, int quick, int smoke) {
        return this.smoke ? smoke : this.quick ? quick : full;
    }

    /** @return the name printed in the table's header */
    public String describe() {
        return smoke ? "smoke mode" : quick ? "quick mode" : "full mode";
    }
}
