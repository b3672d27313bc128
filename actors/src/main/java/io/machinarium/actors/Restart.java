package io.machinarium.actors;

/** When a supervisor restarts a child that exited (OTP's restart types). */
public enum Restart {
    /** Always. */
    PERMANENT,
    /** Only after an abnormal exit ({@link ExitReason#isAbnormal()}). */
    TRANSIENT,
    /** Never; the child is forgotten once it exits. */
    TEMPORARY
}
