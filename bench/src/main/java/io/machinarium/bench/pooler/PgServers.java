package io.machinarium.bench.pooler;

import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs of the pooler scenario, started as the {@code postgres} OS user (PostgreSQL and pgbouncer refuse
 * to run as root) in one temporary directory that user owns: a PostgreSQL 15 server (fsync off, 200
 * connections, trust on loopback) and pgbouncer in session or transaction mode, with or without TLS towards
 * clients (a self-signed certificate made with openssl). Everything is stopped by {@link #close()}.
 */
final class PgServers implements AutoCloseable {
    static final String BIN = "/usr/lib/postgresql/15/bin/";

    private final Path dir;
    private final int port = Child.freePort();
    private final List<Child> bouncers = new ArrayList<>();

    private PgServers(Path dir) {
        this.dir = dir;
    }

    /** {@return whether PostgreSQL 15, pgbench and pgbouncer are installed} */
    static boolean available() {
        return Files.isExecutable(Path.of(BIN + "postgres")) && Cores.onPath("pgbench")
                && Files.isExecutable(Path.of("/usr/sbin/pgbouncer"));
    }

    /** Starts the server with database {@code bench}; blocks until it accepts connections. */
    static PgServers start() {
        try {
            Path dir = Files.createTempDirectory("bench-pooler");
            Child.run(List.of("chown", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
            PgServers s = new PgServers(dir);
            s.asPostgres(BIN + "initdb", "-D", s.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
            Files.writeString(Path.of(s.data(), "postgresql.conf"), "\nport = " + s.port
                    + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + dir + "'\nfsync = off\n"
                    + "synchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n",
                    java.nio.file.StandardOpenOption.APPEND);
            s.asPostgres(BIN + "pg_ctl", "-D", s.data(), "-l", dir.resolve("pg.log").toString(), "-w", "start");
            s.asPostgres("psql", "-h", "127.0.0.1", "-p", String.valueOf(s.port), "-U", "postgres", "-c",
                    "CREATE DATABASE bench", "postgres");
            s.asPostgres("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    dir.resolve("tls.key").toString(), "-out", dir.resolve("tls.pem").toString(), "-days", "30",
                    "-subj", "/CN=localhost");
            Files.writeString(dir.resolve("userlist.txt"), "\"postgres\" \"\"\n");
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    Path cert() {
        return dir.resolve("tls.pem");
    }

    Path key() {
        return dir.resolve("tls.key");
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /**
     * Starts pgbouncer (one process, one thread, pinned like the other servers) in front of the server.
     *
     * @param mode {@code session} or {@code transaction}
     * @param poolSize {@code default_pool_size}
     * @param tls whether clients may use TLS
     * @return its port
     */
    int pgbouncer(String mode, int poolSize, boolean tls) {
        int p = Child.freePort();
        String name = "pgbouncer-" + mode + (tls ? "-tls" : "") + "-" + p;
        Path ini = dir.resolve(name + ".ini");
        String conf = "[databases]\nbench = host=127.0.0.1 port=" + port + " dbname=bench\n[pgbouncer]\n"
                + "listen_addr = 127.0.0.1\nlisten_port = " + p + "\nunix_socket_dir =\nauth_type = trust\n"
                + "auth_file = " + dir.resolve("userlist.txt") + "\npool_mode = " + mode + "\ndefault_pool_size = "
                + poolSize + "\nmax_client_conn = 1000\nlogfile = " + dir.resolve(name + ".log") + "\n"
                + (tls ? "client_tls_sslmode = allow\nclient_tls_cert_file = " + cert() + "\nclient_tls_key_file = "
                        + key() + "\n" : "");
        try {
            Files.writeString(ini, conf);
            Child.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(Cores.server());
        // setpriv executes pgbouncer in its own place (runuser would stay as its parent, and stopping it could
        // leave pgbouncer running)
        cmd.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "/usr/sbin/pgbouncer",
                ini.toString()));
        bouncers.add(Child.start(name, cmd, dir).awaitPort(p, Duration.ofSeconds(30)));
        return p;
    }

    private void asPostgres(String... command) {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(List.of(command));
        Child.run(cmd, Duration.ofMinutes(2));
    }

    /** Stops pgbouncer and the server, and removes the directory. */
    @Override
    public void close() {
        bouncers.forEach(Child::close);
        try {
            asPostgres(BIN + "pg_ctl", "-D", data(), "-w", "stop", "-m", "immediate");
        } finally {
            Child.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30));
        }
    }
}
