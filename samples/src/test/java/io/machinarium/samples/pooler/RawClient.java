package io.machinarium.samples.pooler;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-driven PostgreSQL client over a plain socket, for the tests that send what psql never would: broken
 * packets, lying lengths, a disconnect in the middle of a transaction. Plain thread, blocking; trust only.
 */
final class RawClient implements AutoCloseable {
    /** A message read: its type and body. */
    record Message(char type, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends raw bytes. */
    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a startup message for user {@code postgres} and a database; reads up to ReadyForQuery. */
    List<Message> login(String database) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        b.putInt(0).putInt(196608);
        for (String s : new String[] {"user", "postgres", "database", database}) {
            b.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
        }
        b.put((byte) 0);
        b.putInt(0, b.position());
        send(java.util.Arrays.copyOf(b.array(), b.position()));
        return untilReady();
    }

    /** Sends a simple query; reads up to ReadyForQuery. */
    List<Message> query(String sql) throws IOException {
        byte[] q = sql.getBytes(StandardCharsets.UTF_8);
        send(ByteBuffer.allocate(6 + q.length).put((byte) 'Q').putInt(5 + q.length).put(q).put((byte) 0).array());
        return untilReady();
    }

    /** Reads messages up to and with ReadyForQuery, or up to an ErrorResponse followed by the end. */
    List<Message> untilReady() throws IOException {
        List<Message> got = new ArrayList<>();
        for (;;) {
            Message m = read();
            if (m == null) {
                return got;
            }
            got.add(m);
            if (m.type() == 'Z') {
                return got;
            }
        }
    }

    /** Reads one message; null at the end of the stream. */
    Message read() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message((char) type, body);
    }

    /** Closes with a reset, as a client that crashes would. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
