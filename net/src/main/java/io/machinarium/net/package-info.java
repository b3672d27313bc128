/**
 * Networking for coroutines: {@link io.machinarium.net.IoContext} is one connection (TCP or Unix
 * socket) read and written in blocking style, with readahead and write backpressure;
 * {@link io.machinarium.net.Listener} accepts connections and can hand them, detached, to other
 * machines. Netty codecs placed ahead of the reader ({@link io.machinarium.net.IoOptions#withCodec})
 * turn reads and writes into decoded objects. A blocked accept or read can be woken from any thread
 * ({@link io.machinarium.net.Listener#wakeUp()}, {@link io.machinarium.net.IoContext#wakeUp()}: the call throws
 * {@link io.machinarium.net.WokenException}); accept errors such as EMFILE are transient (the listener
 * retries by itself). A Unix listener owns its socket file: it binds only over nothing or a stale socket and
 * removes only its own file ({@link io.machinarium.net.ListenFailedException} says what it refused).
 * {@link io.machinarium.net.IoContext#onClose} tells a program that a connection went away and
 * {@link io.machinarium.net.IoContext#unsent()} how much of its writing the peer has not taken, without Netty's
 * channel. A whole server — acceptor, workers, connection limit, graceful drain — is
 * {@link io.machinarium.net.server.Server}, in {@code io.machinarium.net.server}.
 *
 * <pre>{@code
 * machine.spawn(() -> {
 *     try (Listener listener = Listener.bind(new InetSocketAddress("127.0.0.1", 7000))) {
 *         for (;;) {
 *             IoContext client = listener.accept(null);
 *             Machine.current().spawn(() -> {
 *                 try (client) {
 *                     for (ByteBuf b = client.readSome(null); b != null; b = client.readSome(null)) {
 *                         client.write(b);            // ownership passes to the write
 *                     }
 *                 }
 *             });
 *         }
 *     }
 * });
 * }</pre>
 */
package io.machinarium.net;
