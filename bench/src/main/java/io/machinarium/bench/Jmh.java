package io.machinarium.bench;

import io.machinarium.bench.harness.Mode;
import java.nio.file.Path;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs one JMH benchmark in one fork and returns its primary score; blocks until the fork ends. */
final class Jmh {
    static final String[] JVM_FLAGS = {
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"};

    private Jmh() {
    }

    /**
     * @param benchmark "Class.method"
     * @param mode run length
     * @param params name, value, name, value, ... of {@code @Param} fields
     * @return the score in the benchmark's unit
     */
    static double run(String benchmark, Mode mode, String... params) {
        OptionsBuilder o = new OptionsBuilder();
        for (int i = 0; i + 1 < params.length; i += 2) {
            o.param(params[i], params[i + 1]);
        }
        int ms = mode.smoke() ? 200 : mode.quick() ? 400 : 1000;
        o.include("\\." + benchmark + "$")
                .forks(1)
                .warmupIterations(mode.smoke() ? 1 : mode.quick() ? 2 : 4)
                .warmupTime(TimeValue.milliseconds(ms))
                .measurementIterations(mode.smoke() ? 1 : mode.quick() ? 3 : 5)
                .measurementTime(TimeValue.milliseconds(ms))
                .jvmArgsAppend(JVM_FLAGS)
                .output(Path.of(System.getProperty("bench.results", "bench/results"), "jmh.log").toString())
                .shouldFailOnError(true);
        try {
            RunResult r = new Runner(o.build()).runSingle();
            return r.getPrimaryResult().getScore();
        } catch (RunnerException e) {
            throw new IllegalStateException("benchmark " + benchmark + " failed", e);
        }
    }
}
