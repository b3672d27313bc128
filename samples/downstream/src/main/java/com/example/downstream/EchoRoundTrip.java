package com.example.downstream;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.net.IoContext;
import io.machinarium.net.Listener;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A user's program: an echo server coroutine on one machine, a client coroutine on another, one
 * "ping" there and back over loopback. Prints how it runs ({@code running on TRANSPORT from the class path}
 * or {@code ... from the module path}), then {@code downstream echo ok}, and exits 0; or says what went
 * wrong and exits 1.
 */
public final class EchoRoundTrip {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private EchoRoundTrip() {
    }

    public static void main(String[] args) {
        AtomicReference<String> reply = new AtomicReference<>();
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2).build())) {
            System.out.println("running on " + rt.machine(0).transport() + " from the "
                    + (Machinarium.class.getModule().isNamed() ? "module" : "class") + " path");
            Coroutine main = rt.machine(0).spawn("main", () -> {
                try (Listener listener = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                    Coroutine server = Machine.current().spawn("echo-server", () -> {
                        try (IoContext conn = listener.accept(TIMEOUT)) {
                            for (ByteBuf b = conn.readSome(TIMEOUT); b != null; b = conn.readSome(TIMEOUT)) {
                                conn.write(b);                  // the write owns the buffer
                            }
                        }
                    });
                    SocketAddress address = listener.localAddress();
                    Coroutine client = rt.machine(1).spawn("client", () -> {
                        try (IoContext io = IoContext.connect(address, TIMEOUT)) {
                            io.write("ping".getBytes(StandardCharsets.US_ASCII));
                            reply.set(new String(io.readBytes(4, TIMEOUT), StandardCharsets.US_ASCII));
                        }
                    });
                    client.join(TIMEOUT);
                    server.join(TIMEOUT);                       // ends when the client has closed
                }
            });
            main.join(TIMEOUT);
        } catch (RuntimeException e) {
            System.err.println("downstream echo failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        if (!"ping".equals(reply.get())) {
            System.err.println("downstream echo failed: sent \"ping\", got back \"" + reply.get() + "\"");
            System.exit(1);
        }
        System.out.println("downstream echo ok");
    }
}
