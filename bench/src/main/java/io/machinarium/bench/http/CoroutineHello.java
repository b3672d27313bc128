package io.machinarium.bench.http;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.Machine;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The hello server on IO contexts: one machine (or several, each accepting on its own
 * {@code SO_REUSEPORT} listener of the same port, so the kernel spreads the connections), one coroutine per
 * connection, written the way a user would — read, answer, flush once the readahead is drained.
 */
final class CoroutineHello {
    private static final IoOptions HTTP = IoOptions.defaults().withCodec(
            () -> new ChannelHandler[] {new HttpServerCodec()});

    private CoroutineHello() {
    }

    /**
     * Serves on 127.0.0.1:{@code port} until the process ends; blocks the calling thread forever.
     *
     * @param port the port
     * @param codec false: raw bytes with a minimal request counter; true: Netty's HTTP codec, objects
     * @param machines how many machines serve, each accepting for itself
     */
    static void serve(int port, boolean codec, int machines) {
        ListenOptions options = ListenOptions.defaults().withBacklog(Hello.BACKLOG);
        if (codec) {
            options = options.withIo(HTTP);
        }
        if (machines > 1) {
            options = options.withReusePort(true);
        }
        ListenOptions listen = options;
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(machines).build())) {
            List<Coroutine> acceptors = new ArrayList<>();
            for (Machine m : rt.machines()) {
                acceptors.add(m.spawn("acceptor", () -> {
                    try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", port), listen)) {
                        for (;;) {
                            IoContext io = l.accept(null);
                            Machine.current().spawn(() -> connection(io, codec));
                        }
                    }
                }));
            }
            for (Coroutine c : acceptors) {
                c.join();
            }
        }
    }

    private static void connection(IoContext io, boolean codec) {
        try (io) {
            if (codec) {
                objects(io);
            } else {
                bytes(io);
            }
        } catch (MachinariumException e) {
            // the client reset the connection (wrk does at the end of a run)
        }
    }

    private static void bytes(IoContext io) {
        RequestCounter requests = new RequestCounter();
        for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
            int n;
            try {
                n = requests.feed(b);
            } finally {
                b.release();
            }
            for (int i = 0; i < n; i++) {
                io.queue(Hello.response(), null);
            }
            io.flush();
        }
    }

    private static void objects(IoContext io) {
        for (Object m = io.readObject(null); m != null; m = io.readObject(null)) {
            boolean last = m instanceof LastHttpContent;
            ReferenceCountUtil.release(m);
            if (last) {
                io.queue(Hello.responseObject(), null);
            }
            if (io.pending() == 0) {
                io.flush();
            }
        }
    }
}
