package io.machinarium.actors;

/**
 * When a supervisor restarts a child that exited (OTP's restart types).
 *
 * @since 0.1.0
 */
public enum Restart {
    /** Always. */
    PERMANENT,
    /** Only after an abnormal exit ({@link ExitReason#isAbnormal()}). */
    TRANSIENT,
    /** Never; the child is forgotten once it exits. */
    TEMPORARY
}
