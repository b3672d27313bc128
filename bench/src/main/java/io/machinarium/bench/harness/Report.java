package io.machinarium.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints the rows as a Markdown table and writes them to {@code latest.json}. */
public final class Report {
    private Report() {
    }

    /**
     * Prints the table on stdout.
     *
     * @param rows the rows
     * @param mode the run's mode, named in the header
     * @param pinning how processes were pinned, one sentence for the header
     */
    public static void print(List<Row> rows, Mode mode, String pinning) {
        System.out.println();
        System.out.printf("JDK %s, %d cores, %s; values are medians over the pairs; ratio = median of ours/anchor "
                + "per pair (above 1 is better for ours when higher is better, below 1 when lower is better). "
                + "Pinning: %s.%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors(), mode.describe(),
                pinning);
        System.out.println("| scenario | ours | anchor | anchor value | ratio | unit |");
        System.out.println("|---|---:|---|---:|---:|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.scenario(), figure(r.ours()),
                    r.anchor(), figure(r.anchorValue()), Double.isNaN(r.ratio()) ? "—"
                            : String.format(Locale.ROOT, "%.2f", r.ratio()), r.unit());
        }
    }

    /** A figure as the table shows it; NaN, a side whose run failed (the row's name says how), as "failed". */
    private static String figure(double v) {
        if (Double.isNaN(v)) {
            return "failed";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10_000 ? "%,.0f" : Math.abs(v) >= 100 ? "%.0f" : "%.2f", v);
    }

    /**
     * Writes the rows to {@code dir/latest.json}.
     *
     * @param rows the rows
     * @param dir the results directory
     * @throws IOException if the file cannot be written
     */
    public static void writeJson(List<Row> rows, Path dir) throws IOException {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(String.format(Locale.ROOT, "  {\"scenario\": %s, \"ours\": %s, \"anchor\": %s, "
                    + "\"anchor_value\": %s, \"ratio\": %s, \"unit\": %s, \"pairs\": %d}%s%n", quote(r.scenario()),
                    json(r.ours(), "%.3f"), quote(r.anchor()), json(r.anchorValue(), "%.3f"), json(r.ratio(), "%.4f"),
                    quote(r.unit()), r.pairs(),
                    i + 1 < rows.size() ? "," : ""));
        }
        b.append("]\n");
        Path out = dir.resolve("latest.json");
        Files.createDirectories(dir);
        Files.writeString(out, b);
        System.out.println("\nwrote " + out);
    }

    /** A number for JSON: {@code null} for NaN (a failed run), which JSON cannot spell. */
    private static String json(double v, String format) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, format, v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
