package io.machinarium.core.testing;

import io.machinarium.core.CoroutineInfo;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit extension behind {@link MachinariumTest}: it starts one runtime per test the first time a
 * parameter of type {@link Machinarium} is asked for (by the test method or one of its
 * {@code @BeforeEach}/{@code @AfterEach} methods), and after the test closes it. Before closing, a test
 * that passed is checked for coroutines still alive (waiting up to {@link Timeouts#T} for them to end, since
 * a coroutine that completed a future the test joined may still be finishing); they fail the test with
 * their dump, unless the annotation says they may outlive it. A runtime that does not stop within its
 * shutdown timeout fails the test too.
 *
 * <p>Runs on the test's thread; the runtime's machines are its own threads, ended by the close.
 */
public final class RuntimeExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RuntimeExtension.class);
    private static final Duration SHUTDOWN = Duration.ofSeconds(5);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Machinarium.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("runtime", k -> start(settings(context)),
                Machinarium.class);
    }

    /** The runtime a test asked for; the same one {@link #afterEach} will close. */
    static Machinarium start(MachinariumTest settings) {
        int machines = settings == null ? 1 : settings.machines();
        boolean virtual = settings != null && settings.virtualTime();
        return Machinarium.start(MachinariumConfig.builder().machines(machines).virtualTime(virtual)
                .offloadThreads(4).shutdownTimeout(SHUTDOWN).build());
    }

    private static MachinariumTest settings(ExtensionContext context) {
        Optional<MachinariumTest> onMethod = context.getTestMethod().map(m -> m.getAnnotation(MachinariumTest.class));
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        return context.getTestClass().map(RuntimeExtension::classSettings).orElse(null);
    }

    private static MachinariumTest classSettings(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            MachinariumTest s = ((AnnotatedElement) k).getAnnotation(MachinariumTest.class);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Machinarium rt = context.getStore(NS).remove("runtime", Machinarium.class);
        if (rt == null) {
            return;
        }
        MachinariumTest settings = settings(context);
        boolean check = context.getExecutionException().isEmpty()
                && (settings == null || !settings.coroutinesMayOutlive());
        String alive = check ? aliveAfter(rt, Timeouts.T) : null;
        rt.close();
        if (alive != null) {
            throw new AssertionError("coroutines still alive at the end of " + context.getDisplayName()
                    + " (mark the test @MachinariumTest(coroutinesMayOutlive = true) if that is meant):\n" + alive);
        }
        if (!rt.awaitTermination(Duration.ZERO)) {
            throw new AssertionError("the runtime of " + context.getDisplayName() + " did not stop within " + SHUTDOWN);
        }
    }

    /** The dump of the coroutines still alive after waiting up to {@code grace} for them to end; null when none is. */
    static String aliveAfter(Machinarium rt, Duration grace) {
        @SuppressWarnings("unchecked")
        List<CoroutineInfo>[] last = new List[1];
        boolean none = Await.holdsWithin(grace, () -> (last[0] = rt.coroutines(Timeouts.T)).isEmpty());
        if (none) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (CoroutineInfo c : last[0]) {
            b.append(c.format()).append('\n');
        }
        return b.toString();
    }
}
