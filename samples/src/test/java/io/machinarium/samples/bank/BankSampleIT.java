package io.machinarium.samples.bank;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.Clients.readyPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.samples.ChildProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sample bank} started as a user would, driven by curl and the JDK's HTTP client. */
class BankSampleIT {
    private static final int ACCOUNTS = 50;
    private static final int INITIAL = 100;
    private static final Pattern BALANCE = Pattern.compile("\\{\"id\":\"(a\\d+)\",\"balance\":(-?\\d+)}");

    /** Runs curl with the arguments; returns its stdout (curl's own output). */
    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--no-progress-meter"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("curl", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("curl " + cmd + ": " + out + Files.readString(err)).isZero();
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void curlSeesEveryStatusTheApiPromises() throws Exception {
        try (ChildProcess bank = ChildProcess.sample("bank", "--listen", "127.0.0.1:0", "--accounts", "1000")) {
            String base = "http://127.0.0.1:" + readyPort(bank);
            assertThat(curl(base + "/accounts/a7")).isEqualTo("{\"id\":\"a7\",\"balance\":1000}");
            assertThat(curl("-w", " %{http_code}", base + "/accounts/a1000")).endsWith(" 404");
            assertThat(curl("-w", " %{http_code}", "-H", "content-type: application/json", "-d",
                    "{\"from\":\"a1\",\"to\":\"a2\",\"amount\":10}", base + "/transfers")).isEqualTo("{\"status\":\"ok\"} 200");
            assertThat(curl("-w", " %{http_code}", "-d", "{\"from\":\"a1\",\"to\":\"a2\",\"amount\":5000}", base + "/transfers"))
                    .isEqualTo("{\"error\":\"insufficient funds\"} 409");
            assertThat(curl("-w", " %{http_code}", "-d", "{not json", base + "/transfers")).endsWith(" 400");
            assertThat(curl("-w", " %{http_code}", "-d", "{\"from\":\"a1\",\"to\":\"a2\",\"amount\":-3}", base + "/transfers"))
                    .endsWith(" 400");
            assertThat(curl("-w", " %{http_code}", "-d", "{\"from\":\"a1\",\"to\":\"a5000\",\"amount\":3}", base + "/transfers"))
                    .endsWith(" 404");
            assertThat(curl(base + "/total")).isEqualTo("{\"accounts\":1000,\"total\":1000000}");
            assertThat(curl("-w", " %{http_code}", base + "/health")).endsWith(" 200");
            assertThat(curl(base + "/metrics")).contains("bank_transfers_total{outcome=\"ok\"} 1.0\n");
            bank.signal("TERM");
            assertThat(bank.exitCode(T)).isZero();
        }
    }

    @Test
    void concurrentRandomTransfersNeitherCreateNorLoseMoney(@TempDir Path dir) throws Exception {
        try (ChildProcess bank = ChildProcess.sample("bank", "--listen", "127.0.0.1:0", "--machines", "2",
                "--accounts", String.valueOf(ACCOUNTS), "--initial-balance", String.valueOf(INITIAL))) {
            String base = "http://127.0.0.1:" + readyPort(bank);
            Random random = new Random(42);
            // 1. curl: 600 transfers, 16 in parallel over keep-alive connections
            StringBuilder config = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                if (i > 0) {
                    config.append("next\n");
                }
                config.append("url = \"").append(base).append("/transfers\"\n")
                        .append("data = \"").append(transferJson(random).replace("\"", "\\\"")).append("\"\n")
                        .append("output = \"/dev/null\"\n")
                        .append("write-out = \"%{http_code}\\n\"\n");
            }
            Path cfg = dir.resolve("transfers.curl");
            Files.writeString(cfg, config);
            String codes = curl("--parallel", "--parallel-max", "16", "--config", cfg.toString());
            Map<String, AtomicInteger> byCode = new ConcurrentHashMap<>();
            codes.lines().forEach(c -> byCode.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet());
            assertThat(byCode.keySet()).as("statuses " + byCode).isSubsetOf("200", "409");
            assertThat(byCode.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(600);
            assertThat(byCode.get("200")).as("some transfers succeed").isNotNull();

            // 2. the JDK's HTTP client: 32 concurrent connections, 40 transfers each
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<int[]>> results = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                long seed = c;
                results.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int[] counts = new int[2];
                    for (int i = 0; i < 40; i++) {
                        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create(base + "/transfers"))
                                .POST(HttpRequest.BodyPublishers.ofString(transferJson(r))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(res.statusCode()).as(res.body()).isIn(200, 409);
                        counts[res.statusCode() == 200 ? 0 : 1]++;
                    }
                    return counts;
                }));
            }
            int ok = 0;
            for (Future<int[]> f : results) {
                ok += f.get(T.toSeconds(), TimeUnit.SECONDS)[0];
            }
            pool.shutdown();
            assertThat(ok).isPositive();

            // 3. afterwards: the total holds and no balance is negative
            assertThat(curl(base + "/total")).isEqualTo("{\"accounts\":" + ACCOUNTS + ",\"total\":" + ACCOUNTS * INITIAL + "}");
            long sum = 0;
            List<String> args = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                args.add(base + "/accounts/a" + i);
            }
            String all = curl(args.toArray(String[]::new));
            Matcher m = BALANCE.matcher(all);
            int seen = 0;
            while (m.find()) {
                long balance = Long.parseLong(m.group(2));
                assertThat(balance).as(m.group(1)).isNotNegative();
                sum += balance;
                seen++;
            }
            assertThat(seen).isEqualTo(ACCOUNTS);
            assertThat(sum).isEqualTo((long) ACCOUNTS * INITIAL);
            bank.signal("TERM");
            assertThat(bank.exitCode(T)).isZero();
        }
    }

    /** A transfer between two different random accounts of a random amount up to 60. */
    private static String transferJson(Random r) {
        int from = r.nextInt(ACCOUNTS);
        int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        return "{\"from\":\"a" + from + "\",\"to\":\"a" + to + "\",\"amount\":" + (1 + r.nextInt(60)) + "}";
    }
}
