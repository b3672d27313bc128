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
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s |%n", r.scenario(), figure(r.ours()),
                    r.anchor(), figure(r.anchorValue()), r.ratio(), r.unit());
        }
    }

    private static String figure(double v) {
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
            b.append(String.format(Locale.ROOT, "  {\"scenario\": %s, \"ours\": %.3f, \"anchor\": %s, "
                    + "\"anchor_value\": %.3f, \"ratio\": %.4f, \"unit\": %s, \"pairs\": %d}%s%n", quote(r.scenario()),
                    r.ours(), quote(r.anchor()), r.anchorValue(), r.ratio(), quote(r.unit()), r.pairs(),
                    i + 1 < rows.size() ? "," : ""));
        }
        b.append("]\n");
        Path out = dir.resolve("latest.json");
        Files.createDirectories(dir);
        Files.writeString(out, b);
        System.out.println("\nwrote " + out);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
