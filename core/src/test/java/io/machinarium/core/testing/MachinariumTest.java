package io.machinarium.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the annotated class (or the annotated test method) its own runtime: a parameter of type
 * {@link io.machinarium.core.Machinarium} — of the test method, or of a {@code @BeforeEach} or
 * {@code @AfterEach} method, which all get the same runtime — is a runtime started for this test (see
 * {@link RuntimeExtension}). After the test (and after its {@code @AfterEach} methods) the runtime is closed;
 * a test that passed fails if a coroutine of it is still alive, unless {@link #coroutinesMayOutlive()}.
 *
 * <pre>{@code
 * @MachinariumTest(machines = 2)
 * class PingTest {
 *     @Test
 *     void pongComesBack(Machinarium rt) { ... }
 * }
 * }</pre>
 *
 * <p>An annotation on the method replaces the one on the class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
@ExtendWith(RuntimeExtension.class)
public @interface MachinariumTest {
    /**
     * How many machines the runtime has.
     *
     * @return the machine count; 1 when {@link #virtualTime()}
     */
    int machines() default 1;

    /**
     * Whether the runtime runs on virtual time ({@link io.machinarium.core.MachinariumConfig.Builder#virtualTime}):
     * its one machine's clock jumps to the next timer whenever the machine is idle, so timeouts and
     * restart windows pass at once and {@link Await#nothingWithin} can assert that something did not
     * happen within them.
     *
     * @return true for virtual time (then {@link #machines()} must be 1)
     */
    boolean virtualTime() default false;

    /**
     * Whether the test means to leave coroutines running at its end (blocked forever, for example, so
     * that closing the runtime cancels them). When false, a passing test whose coroutines have not all
     * ended within {@link Timeouts#T} of its end fails, naming them.
     *
     * @return true to skip that check
     */
    boolean coroutinesMayOutlive() default false;
}
