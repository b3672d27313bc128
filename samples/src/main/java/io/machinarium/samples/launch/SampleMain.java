package io.machinarium.samples.launch;

import io.machinarium.samples.HelloSample;
import io.machinarium.samples.Options;
import io.machinarium.samples.SampleFailedException;
import io.machinarium.samples.bank.BankSample;
import io.machinarium.samples.echo.EchoSample;
import io.machinarium.samples.pooler.PoolerSample;
import io.machinarium.samples.proxy.ProxySample;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code bin/sample NAME [OPTIONS]}: picks the sample by name ({@code hello} when none
 * is given), exits 2 with one line on stderr for a bad command line, 1 with one line when the sample
 * cannot start. {@code bin/sample --help} lists the samples, {@code bin/sample --list} names them, and
 * {@code bin/sample completion} prints a bash completion script ({@link SampleCommands}).
 */
public final class SampleMain {
    /** A runnable sample: returns the process exit code. */
    interface Sample {
        int run(List<String> args) throws Exception;
    }

    /** The samples by name: one line each. */
    private static final Map<String, Sample> SAMPLES = new TreeMap<>(Map.of(
            "hello", HelloSample::run,
            "echo", EchoSample::run,
            "proxy", ProxySample::run,
            "bank", BankSample::run,
            "pooler", PoolerSample::run));

    private SampleMain() {
    }

    /** {@return the samples' names, in the order {@code --list} prints them} */
    static java.util.Set<String> names() {
        return SAMPLES.keySet();
    }

    /**
     * Runs a sample.
     *
     * @param args the sample's name, then its options
     * @throws Exception if the sample fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        List<String> rest = Arrays.asList(args);
        String name = "hello";
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
            name = rest.get(0);
            rest = rest.subList(1, rest.size());
        } else if (!rest.isEmpty() && rest.get(0).equals("--list")) {
            System.out.println(String.join("\n", SAMPLES.keySet()));
            return;
        } else if (!rest.isEmpty() && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
            System.out.print(SampleCommands.usage(SAMPLES.keySet()));
            return;
        }
        if (name.equals("completion")) {
            System.out.print(SampleCommands.completion(SAMPLES.keySet()));
            return;
        }
        Sample sample = SAMPLES.get(name);
        if (sample == null) {
            System.err.println("unknown sample '" + name + "'; samples: " + String.join(", ", SAMPLES.keySet()));
            System.exit(2);
        }
        int code;
        try {
            code = sample.run(rest);
        } catch (Options.BadOptionException e) {
            System.err.println(e.getMessage());
            code = 2;
        } catch (SampleFailedException e) {
            System.err.println(name + ": " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }
}
