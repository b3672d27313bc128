package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StallCulpritTest {
    @Test
    void theMachineLoopsOwnFramesNeverNameACulpritNotEvenTheIdleSpin() {
        StackTraceElement[] stack = {
            frame("io.netty.channel.epoll.Native", "epollWait"),
            frame(MachineEventLoop.class.getName(), "runNow"),
            frame(IdleSpin.class.getName(), "spin"),
            frame(IdleSpin.class.getName(), "foundWork"),
            frame(Scheduler.class.getName(), "loop"),
            frame(MachineThread.class.getName(), "run"),
        };
        assertThat(StallCulprit.describe(stack)).isEqualTo("a task");
    }

    @Test
    void aHandlerCalledByNettyDuringTheIdleSpinIsNamed() {
        StackTraceElement[] stack = {
            frame("com.example.SlowHandler", "channelRead"),
            frame("io.netty.channel.AbstractChannelHandlerContext", "invokeChannelRead"),
            frame(MachineEventLoop.class.getName(), "runNow"),
            frame(IdleSpin.class.getName(), "spin"),
            frame(Scheduler.class.getName(), "loop"),
        };
        assertThat(StallCulprit.describe(stack)).startsWith("channel handler com.example.SlowHandler.channelRead");
    }

    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", 1);
    }
}
