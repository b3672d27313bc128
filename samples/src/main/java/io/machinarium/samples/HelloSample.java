package io.machinarium.samples;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.MachineStats;
import io.machinarium.core.Offload;
import io.machinarium.core.signal.Signal;
import io.machinarium.core.signal.SignalWait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/sample hello}: a tour of the runtime in plain procedural code. A main coroutine spreads
 * thousands of sleeping coroutines over the machines, joins them, reads a file through the offload
 * pool (blocking JDK IO must not run on a machine), and reports what the machines did.
 */
public final class HelloSample {
    private HelloSample() {
    }

    /** {@return the sample's options, declared} */
    public static Options options() {
        return new Options("hello", "A tour of the runtime: thousands of sleeping coroutines, an offloaded file read,"
                + " the machines' statistics.")
                .value("machines", "2", "machines to run the coroutines on")
                .value("coroutines", "10000", "coroutines to spawn")
                .value("sleep-ms", "50", "each coroutine sleeps a random time up to this")
                .flag("wait-signal", "afterwards, wait for SIGINT or SIGTERM before exiting");
    }

    /**
     * Runs the hello sample (the default of {@code bin/sample}). Blocks the calling thread until it is done.
     *
     * @param args the command line after the sample's name
     * @return the exit code
     */
    public static int run(List<String> args) {
        Options options = options();
        if (!options.parse(args)) {
            return 0;
        }
        int machines = options.integer("machines", 1, 256);
        int coroutines = options.integer("coroutines", 1, 10_000_000);
        int sleepMs = options.integer("sleep-ms", 0, 60_000);

        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(machines).build())) {
            AtomicLong checksum = new AtomicLong();
            Coroutine main = rt.machine(0).spawn("main", () -> {
                long start = System.nanoTime();
                List<Coroutine> workers = new ArrayList<>(coroutines);
                for (int i = 0; i < coroutines; i++) {
                    int id = i;
                    Machine m = rt.machine(i % machines);
                    workers.add(m.spawn("worker-" + i, () -> {
                        Coroutine.sleep(ThreadLocalRandom.current().nextInt(sleepMs + 1));
                        checksum.addAndGet(id);
                    }));
                }
                for (Coroutine w : workers) {
                    w.join();
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                String load = Offload.call(() -> Files.readString(Path.of("/proc/loadavg")).trim(),
                        Duration.ofSeconds(5));
                System.out.printf("hello: %d coroutines on %d machines, each sleeping up to %d ms, "
                        + "finished in %d ms%n", coroutines, machines, sleepMs, millis);
                for (Machine m : rt.machines()) {
                    MachineStats s = m.stats();
                    System.out.printf("  %-10s %s, %d coroutine switches%n", m.name(), m.transport(), s.switches());
                }
                long expected = (long) coroutines * (coroutines - 1) / 2;
                System.out.printf("  checksum %d (%s)%n", checksum.get(), checksum.get() == expected ? "ok" : "WRONG");
                System.out.printf("  load average, read by an offloaded call: %s%n", load);
            });
            main.join();
            if (options.flag("wait-signal")) {
                try (SignalWait signals = SignalWait.open(Signal.INT, Signal.TERM)) {
                    System.out.println("waiting for SIGINT or SIGTERM");
                    System.out.println("got SIG" + signals.await() + ", exiting");
                }
            }
            return checksum.get() == (long) coroutines * (coroutines - 1) / 2 ? 0 : 1;
        }
    }
}
