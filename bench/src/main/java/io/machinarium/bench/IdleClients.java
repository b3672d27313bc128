package io.machinarium.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A client fleet in its own process, so that its sockets do not count in the server's heap:
 * {@code IdleClients PORT N} opens N connections to 127.0.0.1:PORT, prints {@code connected N}, then
 * holds them, sending nothing, until its standard input closes, and exits (closing them all).
 */
public final class IdleClients {
    private IdleClients() {
    }

    /**
     * @param args port and count
     * @throws IOException if a connection fails
     */
    public static void main(String[] args) throws IOException {
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int n = Integer.parseInt(args[1]);
        List<SocketChannel> open = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            open.add(SocketChannel.open(to));
        }
        System.out.println("connected " + n);
        System.out.flush();
        System.in.readAllBytes();
        for (SocketChannel c : open) {
            c.close();
        }
    }
}
