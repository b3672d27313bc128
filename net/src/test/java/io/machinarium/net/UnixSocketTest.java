package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnixSocketTest {
    private final Machinarium rt = Runtimes.start(2);
    private final Path dir;

    UnixSocketTest() throws Exception {
        dir = Files.createTempDirectory("machinarium-unix");
    }

    @AfterEach
    void close() throws Exception {
        rt.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void clientAndServerOverAUnixSocket() {
        UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        AtomicBoolean listening = new AtomicBoolean();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(addr)) {
                listening.set(true);
                NetTesting.echo(l.accept(T));
            }
        });
        Await.until("listening", listening::get);
        AtomicReference<String> got = new AtomicReference<>();
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(addr, T)) {
                io.write("over unix".getBytes(StandardCharsets.UTF_8));
                got.set(new String(io.readBytes(9, T), StandardCharsets.UTF_8));
            }
        });
        server.join(T);
        assertThat(got.get()).isEqualTo("over unix");
    }

    @Test
    void aUnixConnectionClosedWithoutAnyMessageIsACleanEndOfStream() {
        UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(dir.resolve("quiet.sock"));
        AtomicReference<Object> serverSaw = new AtomicReference<>("nothing yet");
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(addr)) {
                IoContext.connect(addr, T).close();
                try (IoContext io = l.accept(T)) {
                    serverSaw.set(io.readSome(T));
                }
            }
        });
        assertThat(serverSaw.get()).isNull();
    }
}
