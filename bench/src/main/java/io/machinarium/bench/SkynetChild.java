package io.machinarium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The process {@code skynet-scale} starts for one run of one side: {@code SkynetChild ours|vthreads|pekko N}
 * runs skynet once at {@code min(N, 100,000)} leaves (unmeasured: class loading and compilation) and once at
 * {@code N}, then prints {@code skynet-result MS PEAK_KIB} on standard output — the measured run's wall time in
 * milliseconds and the process's peak resident set ({@code VmHWM} of {@code /proc/self/status}, Linux), which
 * covers both runs, the JVM and every thread stack — and exits. A failure (an {@link OutOfMemoryError} ends the
 * JVM at once under {@code -XX:+ExitOnOutOfMemoryError}) shows as a non-zero exit status.
 */
final class SkynetChild {
    private static final int WARM = 100_000;

    private SkynetChild() {
    }

    /**
     * Runs the two rounds and prints the figures; blocks until both have run.
     *
     * @param args the side ({@code ours}, {@code vthreads}, {@code pekko}) and the number of leaves, a power of 10
     * @throws Exception if the workload fails or its sum is wrong
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SkynetChild ours|vthreads|pekko LEAVES");
            System.exit(2);
        }
        int leaves = Integer.parseInt(args[1]);
        run(args[0], Math.min(leaves, WARM));
        double ms = run(args[0], leaves);
        System.out.printf(Locale.ROOT, "skynet-result %.3f %d%n", ms, peakRssKib());
        System.out.flush();
        System.exit(0);  // Pekko's and the JDK's pools need not be waited for
    }

    private static double run(String side, int leaves) throws InterruptedException {
        return switch (side) {
            case "ours" -> ActorWorkloads.skynetActors(2, leaves);
            case "vthreads" -> ActorWorkloads.skynetVirtualThreads(leaves);
            case "pekko" -> PekkoWorkloads.skynet(leaves);
            default -> throw new IllegalArgumentException("unknown side " + side);
        };
    }

    /** {@return the peak resident set of this process in KiB, from {@code /proc/self/status}} */
    private static long peakRssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        throw new IOException("no VmHWM in /proc/self/status");
    }
}
