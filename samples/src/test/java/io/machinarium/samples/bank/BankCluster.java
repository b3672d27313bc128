package io.machinarium.samples.bank;

import static io.machinarium.samples.Clients.T;

import io.machinarium.samples.ChildProcess;
import io.machinarium.samples.Clients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bank as a cluster for the end-to-end tests: a real nats-server and nodes started as a user starts
 * them, {@code bin/sample bank --nats URL --node NAME --accounts FROM-TO ...}, each a JVM of its own, so that
 * {@link #kill} is a real {@code kill -9}. Closing it kills what still runs.
 */
final class BankCluster implements AutoCloseable {
    /** The request timeout the nodes are started with. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /**
     * How much later than {@link #REQUEST_TIMEOUT} an answer may come: the work after the last account call
     * (JSON, the write) on a loaded machine.
     */
    static final Duration ANSWER_SLACK = Duration.ofSeconds(2);

    private final NatsServer nats;
    private final List<String> common;
    private final Map<String, ChildProcess> nodes = new LinkedHashMap<>();
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(T).build();

    /** A response. */
    record Reply(int status, String body) {
    }

    private BankCluster(NatsServer nats, List<String> common) {
        this.nats = nats;
        this.common = common;
    }

    /**
     * Starts a nats-server; nodes are started with {@link #start}.
     *
     * @param options options every node gets, besides --nats, --node and --accounts
     */
    static BankCluster open(String... options) throws IOException {
        List<String> common = new ArrayList<>(List.of("--request-timeout", String.valueOf(REQUEST_TIMEOUT.toMillis())));
        common.addAll(List.of(options));
        return new BankCluster(NatsServer.start(), common);
    }

    /**
     * Starts node {@code name} serving {@code accounts} (FROM-TO), with the HTTP API if {@code http}, and waits
     * until it is ready.
     *
     * @return the HTTP port, or -1 without HTTP
     */
    int start(String name, String accounts, boolean http) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("bank", "--nats", nats.url(), "--node", name, "--accounts", accounts));
        if (http) {
            a.addAll(List.of("--listen", "127.0.0.1:0"));
        }
        a.addAll(common);
        args.put(name, a);
        return launch(name);
    }

    /** Starts a node again with the arguments it had; returns its new HTTP port, or -1. */
    int restart(String name) throws IOException, InterruptedException {
        return launch(name);
    }

    private int launch(String name) throws IOException, InterruptedException {
        List<String> a = args.get(name);
        ChildProcess p = ChildProcess.sample(a.toArray(String[]::new));
        nodes.put(name, p);
        p.await("bank: node " + name + " ready", Duration.ofSeconds(90));
        return a.contains("--listen") ? Clients.readyPort(p) : -1;
    }

    /** {@return a node's process} */
    ChildProcess node(String name) {
        return nodes.get(name);
    }

    /** Ends a node at once, as {@code kill -9} does, and waits until it is gone. */
    void kill(String name) throws InterruptedException {
        nodes.get(name).close();
    }

    /** GETs a path of a node's HTTP API; waits at most the request timeout and {@link #ANSWER_SLACK}. */
    Reply get(int port, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    /** POSTs a transfer; waits at most the request timeout and {@link #ANSWER_SLACK}. */
    Reply transfer(int port, String from, String to, long amount) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/transfers"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":"
                        + amount + "}")));
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.timeout(REQUEST_TIMEOUT.plus(ANSWER_SLACK)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    @Override
    public void close() throws InterruptedException {
        for (ChildProcess p : nodes.values()) {
            p.close();
        }
        http.close();
        nats.close();
    }
}
