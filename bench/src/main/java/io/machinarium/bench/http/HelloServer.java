package io.machinarium.bench.http;

/**
 * Entry point of an HTTP server process for the load scenarios:
 * {@code HelloServer --kind coroutine|netty|vthreads|codec-coroutine|codec-netty --port P [--threads N]}.
 * Every kind answers every request with the same keep-alive "hello" ({@link Hello}) on 127.0.0.1 and serves
 * until the process is killed. {@code --threads} (default 1) is how many machines (ours) or event loops
 * (Netty) serve; the virtual-thread kind takes its carriers from
 * {@code -Djdk.virtualThreadScheduler.parallelism} instead.
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
     * @param args {@code --kind K --port P [--threads N]}
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        String kind = null;
        int port = -1;
        int threads = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--kind" -> kind = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> usage();
            }
        }
        if (kind == null || port < 0 || threads < 1) {
            usage();
        }
        switch (kind) {
            case COROUTINE -> CoroutineHello.serve(port, false, threads);
            case CODEC_COROUTINE -> CoroutineHello.serve(port, true, threads);
            case NETTY -> NettyHello.serve(port, false, threads);
            case CODEC_NETTY -> NettyHello.serve(port, true, threads);
            case VTHREADS -> VirtualThreadHello.serve(port);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: HelloServer --kind coroutine|netty|vthreads|codec-coroutine|codec-netty --port P"
                + " [--threads N]");
        System.exit(2);
    }
}
