package io.machinarium.bench.harness;

/**
 * One line of the table and of {@code latest.json}: medians over the pairs of ours and the anchor, and
 * the median of the per-pair ratios ours ÷ anchor (so the ratio is ours/anchor for every unit; the unit
 * says whether higher or lower is better).
 *
 * @param scenario what was measured
 * @param ours our median
 * @param anchor what we compare with
 * @param anchorValue the anchor's median
 * @param ratio median of ours ÷ anchor over the pairs
 * @param unit the unit, with "higher is better" or "lower is better"
 * @param pairs how many pairs were run
 */
public record Row(String scenario, double ours, String anchor, double anchorValue, double ratio, String unit,
                  int pairs) {
}
