package io.machinarium.samples.pooler;

import io.machinarium.samples.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL 15 server for the pooler's tests, started as the {@code postgres} OS user (PostgreSQL
 * refuses to run as root) in a temporary data directory that user owns, on loopback and a free port, with
 * fsync off. Users: {@code postgres} (trusted), {@code scram_user} (password {@code scram-pass}, SCRAM-SHA-256),
 * {@code scram2} ({@code scram2-pass}, SCRAM-SHA-256) and {@code md5_user} (password {@code md5-pass}, md5). Also runs {@code psql} and {@code pgbench} against any
 * address. Debian packages {@code postgresql} and {@code pgbouncer}; {@code .ci/run} installs them.
 */
final class Postgres implements AutoCloseable {
    static final String BIN = "/usr/lib/postgresql/15/bin/";

    private final Path dir;
    private final int port;

    private Postgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server; skips the calling test class, saying why, where PostgreSQL 15 is not installed. */
    static Postgres start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(BIN + "postgres")) && Files.isExecutable(Path.of("/usr/bin/psql")),
                "PostgreSQL 15 is not installed (Debian package postgresql; .ci/run installs it)");
        Path dir = Files.createTempDirectory("pooler-pg");
        run(dir, List.of("chown", "postgres:postgres", dir.toString()), null);
        Postgres pg = new Postgres(dir, ChildProcess.freePort());
        pg.asPostgres(BIN + "initdb", "-D", pg.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        Files.writeString(Path.of(pg.data(), "pg_hba.conf"), """
                local all all trust
                host all scram_user 127.0.0.1/32 scram-sha-256
                host all md5_user 127.0.0.1/32 md5
                host all scram2 127.0.0.1/32 scram-sha-256
                host all all 127.0.0.1/32 trust
                """);
        Files.writeString(Path.of(pg.data(), "postgresql.conf"), "\nport = " + pg.port
                + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + dir + "'\nfsync = off\n"
                + "synchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\nshared_buffers = 32MB\n",
                java.nio.file.StandardOpenOption.APPEND);
        pg.pgCtl("start");
        pg.sql("postgres", "CREATE ROLE scram_user LOGIN PASSWORD 'scram-pass'");
        pg.sql("postgres", "SET password_encryption = 'md5'; CREATE ROLE md5_user LOGIN PASSWORD 'md5-pass'");
        pg.sql("postgres", "CREATE ROLE scram2 LOGIN PASSWORD 'scram2-pass'");
        pg.sql("postgres", "CREATE DATABASE bench");
        pg.sql("postgres", "GRANT ALL ON DATABASE bench TO scram_user, md5_user, scram2");
        return pg;
    }

    int port() {
        return port;
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** Restarts the server (fast shutdown: clients are told and disconnected). */
    void restart() throws IOException, InterruptedException {
        pgCtl("restart", "-m", "fast");
    }

    private void pgCtl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BIN + "pg_ctl", "-D", data(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60"));
        cmd.addAll(List.of(args));
        asPostgres(cmd.toArray(String[]::new));
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(List.of(command));
        run(dir, cmd, null);
    }

    /** Runs SQL directly on the server as postgres; returns psql's unaligned output. */
    String sql(String database, String sql) throws IOException, InterruptedException {
        return psql(port, "dbname=" + database + " user=postgres sslmode=disable", null, sql);
    }

    /**
     * Runs {@code psql -Atc SQL} against a port.
     *
     * @param port the server's or the pooler's
     * @param conninfo the rest of the connection string ({@code dbname=... user=... sslmode=...})
     * @param password {@code PGPASSWORD}, or null
     * @param sql what to run
     * @return the output, trimmed
     * @throws IOException with psql's output if it fails
     */
    static String psql(int port, String conninfo, String password, String sql) throws IOException, InterruptedException {
        return run(null, List.of("psql", "host=127.0.0.1 port=" + port + " connect_timeout=10 " + conninfo,
                "-X", "-v", "ON_ERROR_STOP=1", "-Atc", sql), password).strip();
    }

    /**
     * Runs pgbench against a port as postgres on database {@code bench}.
     *
     * @param port the server's or the pooler's
     * @param args pgbench's arguments
     * @return its output
     * @throws IOException with its output if it fails
     */
    static String pgbench(int port, String... args) throws IOException, InterruptedException {
        return pgbenchWith(port, null, args);
    }

    /** {@link #pgbench} with {@code PGPASSWORD}. */
    static String pgbenchWith(int port, String password, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pgbench", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
                "postgres"));
        cmd.addAll(List.of(args));
        cmd.add("bench");
        return run(null, cmd, password);
    }

    /** Starts a command and returns it running (for a query that a test cancels). */
    static Process spawn(List<String> command, String password) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        return pb.start();
    }

    private static String run(Path dir, List<String> command, String password) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Map<String, String> env = pb.environment();
        env.remove("PGPASSWORD");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish: " + out);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /** Stops the server at once and removes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            pgCtl("stop", "-m", "immediate");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
