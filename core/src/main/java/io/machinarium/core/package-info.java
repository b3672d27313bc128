/**
 * The coroutine runtime: {@link io.machinarium.core.Machinarium} starts
 * {@link io.machinarium.core.Machine}s (one Netty event-loop thread each) on which
 * {@link io.machinarium.core.Coroutine}s run plain blocking-style code that suspends instead of
 * blocking. {@link io.machinarium.core.Scope} gives coroutines structured lifetimes and
 * {@link io.machinarium.core.Task} a result; {@link io.machinarium.core.Offload} moves truly blocking calls off the machines. Every failure is a
 * {@link io.machinarium.core.MachinariumException}.
 *
 * <pre>{@code
 * try (Machinarium rt = Machinarium.start()) {
 *     rt.machine(0).spawn(() -> {
 *         Coroutine.sleep(100);                       // suspends, the machine runs others
 *         String text = Offload.call(() -> Files.readString(Path.of("/etc/hostname")));
 *         System.out.println(text);
 *     }).join();
 * }
 * }</pre>
 *
 * <p>Where each mechanism lives (mechanism → file). The runtime and its settings: {@code Machinarium},
 * {@code MachinariumConfig}, {@code Transport}, {@code JvmSupport} (the start-up check of the JVM's
 * flags). A machine: {@code Machine} (its public face), {@code MachineThread}, {@code MachineLifetime}; its
 * loop: {@code Scheduler} (inbox, timers, ready coroutines, IO, in that order); the loop's parts:
 * {@code Inbox} (the cross-thread queue and its wake-up flag), {@code MachineEventLoop} (Netty's loop,
 * driven by the machine), {@code IoWaitMarker} (whether the thread is in its IO wait), {@code IdleSpin}
 * (the poll before a sleep), {@code AliveList} (a machine's coroutines, oldest first),
 * {@code CoroutineIds}, {@code SchedulerStats} (counters published to other threads, read as
 * {@code MachineStats}). Time: {@code MachineClock} (real or virtual time, the cached millisecond clock),
 * {@code TimerHeap} and {@code Timer}, {@code ScheduledTask} (a machine's delayed task), {@code WaitTimer}
 * (a coroutine's timeout), {@code Sleep}. A coroutine: {@code Coroutine} (its body, state, cancellation and
 * how it suspends), {@code CoroutineContinuation} (the only contact with {@code jdk.internal.vm}),
 * {@code CoroutineState}, {@code CoroutineLinks} (its joiners, its scope and the scopes it owns, told when
 * it ends), {@code MonitorCheck} (whether a machine thread holds or waits for a {@code synchronized} monitor).
 * Structured lifetimes: {@code Scope}, {@code Task}, {@code ScopeFailures} (who gets a child's failure). Waiting: {@code Blocker} (one wait's
 * state, core's implementation of the SPI's {@code Blocker} for coroutines and threads),
 * {@code ThreadBlocker} (a plain thread's), {@code Completion} (a one-shot result). Blocking calls off the machine: {@code Offload}. Diagnostics:
 * {@code CoroutineDump} with {@code CoroutineInfo} and {@code DumpLimits} (the dump in slices),
 * {@code StallWatchdog} with {@code StallCulprit}, {@code ThreadCpuClock} and {@code StallEvent} (a machine
 * held too long), {@code CoroutineLifetimeEvent} and {@code JfrHooks} (Flight Recorder). Failures: one
 * exception type per outcome under {@code MachinariumException} — {@code TimedOutException},
 * {@code CancelledException}, {@code ClosedException}, {@code IoFailedException}, {@code RejectedException}
 * (a machine that stopped), {@code CoroutineFailedException} (a joined failure), {@code OffloadFailedException},
 * {@code MisuseException}; a failure nobody joins goes to the
 * {@code UncaughtFailureHandler} (default {@code FailureLog}: an ERROR line, or stderr without SLF4J). Beside this package: {@code sync}
 * (mutex, semaphore, wait list, wait group, flag, event, condition), {@code channel} (local and shared
 * channels, select), {@code signal} (signals as a blocking wait) and {@code spi} (the waits that IO and
 * actor modules built on core write their blocking calls with).
 */
package io.machinarium.core;
