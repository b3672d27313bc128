package io.machinarium.bench.http;

/**
 * Entry point of an HTTP server process for the load scenarios:
 * {@code HelloServer --kind coroutine|netty|vthreads|codec-coroutine|codec-netty --port P}. Every kind
 * answers every request with the same keep-alive "hello" ({@link Hello}) on 127.0.0.1 and serves until
 * the process is killed.
 */
public final class HelloServer {
    /** The kinds, as accepted by {@code --kind}. */
    public static final String COROUTINE = "coroutine";
    /** Raw Netty handler. */
    public static final String NETTY = "netty";
    /** Virtual thread per connection, blocking sockets. */
    public static final String VTHREADS = "vthreads";
    /** IO contexts reading Netty's HTTP codec's objects. */
    public static final String CODEC_COROUTINE = "codec-coroutine";
    /** Netty handler behind Netty's HTTP codec. */
    public static final String CODEC_NETTY = "codec-netty";

    private HelloServer() {
    }

    /**
     * Parses the options and serves; never returns normally.
     *
     * @param args {@code --kind K --port P}
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        String kind = null;
        int port = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--kind" -> kind = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> usage();
            }
        }
        if (kind == null || port < 0) {
            usage();
        }
        switch (kind) {
            case COROUTINE -> CoroutineHello.serve(port, false);
            case CODEC_COROUTINE -> CoroutineHello.serve(port, true);
            case NETTY -> NettyHello.serve(port, false);
            case CODEC_NETTY -> NettyHello.serve(port, true);
            case VTHREADS -> VirtualThreadHello.serve(port);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: HelloServer --kind coroutine|netty|vthreads|codec-coroutine|codec-netty --port P");
        System.exit(2);
    }
}
