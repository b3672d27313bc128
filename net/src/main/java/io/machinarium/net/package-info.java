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
 *
 * <p>Mechanism → file. A connection: {@code IoContext} (the facade and its life), {@code IoStream} (the reads
 * and writes and their blocking contract), {@code IoOptions}; opening: {@code Connecting} (to an address or a
 * host name), {@code ChannelSetup} (the channel's options and pipeline), {@code Transports} (the channel class
 * per transport and address); {@code Readahead} (the buffer of what arrived, its water marks, the blocking
 * reads, the reader's wake-up); {@code Writing} (writes that wait for room, flush, drain, unsent);
 * {@code GracefulClose} (half-close, the close that waits while bytes leave, reset); {@code CloseWatch}
 * ({@code onClose}); {@code Migration} (detach and attach); {@code Confinement} (machine-confinement and mode
 * checks); {@code IoAdapter} (Netty's events become the context's state); {@code EpollInterest} (two Netty
 * epoll defects worked around); {@code NettyWaits} (a Netty future waited for, its failure as an exception);
 * {@code WakeUp} and {@code WokenException} (eventfd-like wake-ups). Layers: {@code StreamLayer} (the interface
 * a layer is written against), {@code Layers} (a context's layers in order). Socket options:
 * {@code SocketOptions}, {@code Keepalive}. Listening: {@code Listener}, {@code ListenOptions},
 * {@code AcceptBackoff} (riding out accept errors), {@code UnixSocketFile} (the socket file a Unix listener
 * owns), {@code ListenFailedException}. Counters: {@code IoStats} (per runtime).
 */
package io.machinarium.net;
