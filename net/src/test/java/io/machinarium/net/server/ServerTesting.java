package io.machinarium.net.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Clients and handlers for the server tests. */
final class ServerTesting {
    static final Duration T = Duration.ofSeconds(20);

    private ServerTesting() {
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /** Where a handler ran: its machine, the machine its connection is attached to, its coroutine's name. */
    record Served(Machine machine, Machine attachedTo, String coroutine) {
        static Served here(IoContext io) {
            return new Served(Machine.current(), io.machine(), Coroutine.current().name());
        }
    }

    /** Echoes every byte until the peer closes. */
    static void echo(IoContext io) {
        for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
            io.write(b);
        }
    }

    /** A blocking client socket to a server's TCP address, with the tests' read timeout. */
    static Socket connect(SocketAddress at) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) at).getPort()), (int) T.toMillis());
        s.setSoTimeout((int) T.toMillis());
        return s;
    }

    /** Sends a line and reads as many bytes back. */
    static String roundTrip(Socket s, String line) throws IOException {
        byte[] out = line.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(out);
        s.getOutputStream().flush();
        byte[] in = s.getInputStream().readNBytes(out.length);
        return new String(in, StandardCharsets.UTF_8);
    }

    /** Reads until the connection ends. @return "eof" or "reset", and the bytes read before, if any */
    static String end(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        try {
            byte[] b = new byte[4096];
            for (int n; (n = in.read(b)) >= 0; ) {
                got.append(new String(b, 0, n, StandardCharsets.UTF_8));
            }
            return got.isEmpty() ? "eof" : "eof after '" + got + "'";
        } catch (SocketException e) {
            return got.isEmpty() ? "reset" : "reset after '" + got + "'";
        }
    }

    /** Whether the TCP address refuses connections (nothing listens there). */
    static boolean refuses(SocketAddress at) {
        try (Socket s = connect(at)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            throw new AssertionError("connecting to " + at + " failed otherwise", e);
        }
    }

    static void assertServes(Socket s) throws IOException {
        assertThat(roundTrip(s, "still served\n")).isEqualTo("still served\n");
    }
}
