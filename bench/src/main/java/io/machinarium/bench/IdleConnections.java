package io.machinarium.bench;

import io.machinarium.bench.proc.Child;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.Machine;
import io.machinarium.net.IoContext;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.Listener;
import io.netty.buffer.ByteBuf;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Heap bytes per idle server-side connection: N connections from another process ({@link IdleClients})
 * that send nothing, each served by a coroutine blocked in {@code readSome} on its IO context — or by a
 * virtual thread blocked in {@code InputStream.read} on a {@code java.net.Socket} with a
 * {@value #VT_BUFFER}-byte read buffer (ours holds no buffer while nothing is read ahead). Used heap
 * after full collections, with and without the N, over N; kernel socket memory is not counted.
 */
final class IdleConnections {
    static final int VT_BUFFER = 1024;

    private IdleConnections() {
    }

    static double bytesPerCoroutineConnection(int n) {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build())) {
            Machine m = rt.machine(0);
            AtomicReference<InetSocketAddress> bound = new AtomicReference<>();
            Coroutine acceptor = m.spawn("acceptor", () -> {
                try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0),
                        ListenOptions.defaults().withBacklog(4096))) {
                    bound.set((InetSocketAddress) l.localAddress());
                    for (;;) {
                        IoContext io = l.accept(null);
                        Machine.current().spawn(() -> idle(io));
                    }
                }
            });
            while (bound.get() == null) {
                Thread.onSpinWait();
            }
            long before = IdleMemory.usedHeapAfterGc();
            try (Child clients = clients(bound.get().getPort(), n)) {
                // the acceptor and N readers, all suspended
                while (m.stats().waiting() != n + 1 || m.stats().coroutines() != n + 1) {
                    Thread.onSpinWait();
                }
                long after = IdleMemory.usedHeapAfterGc();
                return (double) (after - before) / n;
            } finally {
                acceptor.cancel();
            }
        }
    }

    private static void idle(IoContext io) {
        try (io) {
            for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
                b.release();
            }
        } catch (MachinariumException e) {
            // the runtime closes, or the client fleet went away
        }
    }

    static double bytesPerVirtualThreadConnection(int n) {
        try (ServerSocket server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            Queue<Thread> readers = new ConcurrentLinkedQueue<>();
            AtomicInteger reading = new AtomicInteger();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        Socket s = server.accept();
                        readers.add(Thread.ofVirtual().start(() -> idle(s, reading)));
                    }
                } catch (IOException e) {
                    // the server socket closed: done
                }
            });
            long before = IdleMemory.usedHeapAfterGc();
            try (Child clients = clients(server.getLocalPort(), n)) {
                while (reading.get() < n) {
                    Thread.onSpinWait();
                }
                for (Thread t : readers) {
                    while (t.getState() == Thread.State.RUNNABLE) {
                        Thread.onSpinWait();
                    }
                }
                long after = IdleMemory.usedHeapAfterGc();
                return (double) (after - before) / n;
            } finally {
                server.close();
                acceptor.join();
                for (Thread t : readers) {
                    t.join();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void idle(Socket s, AtomicInteger reading) {
        try (s) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[VT_BUFFER];
            reading.incrementAndGet();
            while (in.read(buf) >= 0) {
                // nothing is sent
            }
        } catch (IOException e) {
            // the client fleet went away
        }
    }

    /** Starts the client fleet and waits until all N are connected; closing it closes them. */
    private static Child clients(int port, int n) {
        Child c = Child.startPiped("idle-clients", Child.java(List.of(), List.of("-Xmx256m"),
                IdleClients.class.getName(), Integer.toString(port), Integer.toString(n)));
        try {
            String line = new BufferedReader(new InputStreamReader(c.process().getInputStream())).readLine();
            if (line == null || !line.startsWith("connected")) {
                c.close();
                throw new IllegalStateException("the client fleet failed: " + c.tail());
            }
        } catch (IOException e) {
            c.close();
            throw new UncheckedIOException(e);
        }
        return c;
    }
}
