package io.machinarium.samples.bank;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters and gauges of a Micrometer registry in Prometheus text format, the way {@code GET /metrics}
 * shows the rest: {@code machinarium.cluster.messages} with tags {@code node} and {@code direction} becomes
 * {@code machinarium_cluster_messages_total{direction="sent",node="n1"} 12}. Other meter types are left
 * out (the cluster binder has none). Reading a meter never blocks. Any thread.
 */
final class MeterText {
    private MeterText() {
    }

    /**
     * Renders the registry's counters and gauges.
     *
     * @param registry the meters
     * @return the text, one {@code # HELP} and {@code # TYPE} per name, then one line per meter
     */
    static String render(MeterRegistry registry) {
        Map<String, List<Meter>> byName = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            if (m instanceof FunctionCounter || m instanceof Counter || m instanceof Gauge) {
                byName.computeIfAbsent(m.getId().getName(), n -> new ArrayList<>()).add(m);
            }
        }
        StringBuilder b = new StringBuilder(2048);
        byName.forEach((name, meters) -> {
            boolean counter = !(meters.getFirst() instanceof Gauge);
            String prom = name.replace('.', '_') + (counter ? "_total" : "");
            String help = meters.getFirst().getId().getDescription();
            b.append("# HELP ").append(prom).append(' ').append(help == null ? name : help).append('\n');
            b.append("# TYPE ").append(prom).append(counter ? " counter\n" : " gauge\n");
            meters.sort(Comparator.comparing(m -> m.getId().getTags().toString()));
            for (Meter m : meters) {
                b.append(prom).append(labels(m.getId().getTags())).append(' ').append(number(value(m))).append('\n');
            }
        });
        return b.toString();
    }

    private static double value(Meter m) {
        return switch (m) {
            case FunctionCounter c -> c.count();
            case Counter c -> c.count();
            case Gauge g -> g.value();
            default -> Double.NaN;
        };
    }

    private static String labels(List<Tag> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("{");
        for (Tag t : tags) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(t.getKey().replace('.', '_')).append("=\"").append(t.getValue().replace("\\", "\\\\")
                    .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return b.append('}').toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
