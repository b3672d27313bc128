package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static io.machinarium.tls.TlsTesting.pattern;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Large and oddly sized transfers over TLS, as machinarium's TLS tests do them. */
class BulkTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private final Machinarium rt = Runtimes.start(4);

    @AfterEach
    void close() {
        rt.close();
    }

    /** A server on machine 0 that upgrades, sends {@code data} in one write, then closes. */
    private TlsTesting.Server sender(TlsProvider p, byte[] data, int connections) {
        TlsConfig sc = server(p).build();
        return new TlsTesting.Server(rt.machine(0), TlsTesting.loopback(), connections, io -> {
            Tls.upgrade(io, sc, T);
            io.write(data);
            io.drain(T);
        });
    }

    private static void check(byte[] got, byte[] want) {
        assertThat(got.length).isEqualTo(want.length);
        assertThat(java.util.Arrays.equals(got, want)).as("content").isTrue();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void tenMegabytesInOneRead(TlsProvider p) {
        byte[] data = pattern(TEN_MB, 1);
        TlsTesting.Server srv = sender(p, data, 1);
        TlsConfig cc = client(p).build();
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, cc, T);
                check(io.readBytes(TEN_MB, T), data);
            }
        });
        srv.joinOk();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void tenMegabytesInTwoReads(TlsProvider p) {
        byte[] data = pattern(TEN_MB, 2);
        TlsTesting.Server srv = sender(p, data, 1);
        TlsConfig cc = client(p).build();
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, cc, T);
                byte[] got = new byte[TEN_MB];
                io.read(got, 0, TEN_MB / 2, T);
                io.read(got, TEN_MB / 2, TEN_MB - TEN_MB / 2, T);
                check(got, data);
            }
        });
        srv.joinOk();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void tenMegabytesInManySmallReads(TlsProvider p) {
        byte[] data = pattern(TEN_MB, 3);
        TlsTesting.Server srv = sender(p, data, 1);
        TlsConfig cc = client(p).build();
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, cc, T);
                byte[] got = new byte[TEN_MB];
                for (int off = 0; off < TEN_MB; off += 4096) {
                    io.read(got, off, 4096, T);
                }
                check(got, data);
                assertThat(io.readSome(T)).isNull();  // then a clean end of stream
            }
        });
        srv.joinOk();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void variableSizeReads(TlsProvider p) {
        byte[] data = pattern(3 * 1024 * 1024 + 17, 4);
        TlsTesting.Server srv = sender(p, data, 1);
        TlsConfig cc = client(p).build();
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, cc, T);
                byte[] got = new byte[data.length];
                Random r = new Random(42);
                int off = 0;
                while (off < data.length) {
                    if (r.nextBoolean()) {
                        int n = Math.min(data.length - off, 1 + r.nextInt(70_000));
                        io.read(got, off, n, T);
                        off += n;
                    } else {
                        ByteBuf b = io.readSome(T);
                        int n = b.readableBytes();
                        b.readBytes(got, off, n);
                        b.release();
                        off += n;
                    }
                }
                check(got, data);
            }
        });
        srv.joinOk();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void readsFromSeveralMachinesAtOnce(TlsProvider p) {
        int clients = 6;
        byte[] data = pattern(2 * 1024 * 1024, 5);
        TlsTesting.Server srv = sender(p, data, clients);
        TlsConfig cc = client(p).build();
        List<Coroutine> readers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            readers.add(rt.machine(1 + i % 3).spawn(() -> {
                try (IoContext io = IoContext.connect(srv.address, T)) {
                    Tls.upgrade(io, cc, T);
                    check(io.readBytes(data.length, T), data);
                }
            }));
        }
        for (Coroutine c : readers) {
            c.join(T);
        }
        srv.joinOk();
    }
}
