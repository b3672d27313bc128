package io.machinarium.bench.http;

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
 * nginx as the HTTP anchor: one worker process (or as many as asked), up to 16,384 connections each, the
 * same accept backlog as the Java servers ({@link Hello#BACKLOG}), no access log, a location answering "hello" with
 * keep-alive (no request limit per connection), everything it writes kept in a temporary directory.
 */
final class Nginx {
    private Nginx() {
    }

    /** @return whether nginx is installed */
    static boolean available() {
        return Cores.onPath("nginx") || Files.isExecutable(Path.of("/usr/sbin/nginx"));
    }

    /**
     * Starts nginx in the foreground on the server core, one worker, listening on 127.0.0.1:{@code port},
     * and waits until it accepts connections.
     *
     * @param port the port
     * @return the master process; closing it stops nginx
     */
    static Child start(int port) {
        return start(port, 1, Cores.server());
    }

    /**
     * Starts nginx in the foreground with {@code workers} worker processes, listening on
     * 127.0.0.1:{@code port}, and waits until it accepts connections.
     *
     * @param port the port
     * @param workers worker processes
     * @param prefix the command prefix that pins it, or none
     * @return the master process; closing it stops nginx
     * @throws IllegalStateException if nginx exits or does not listen within 30 s
     */
    static Child start(int port, int workers, List<String> prefix) {
        try {
            Path dir = Files.createTempDirectory("bench-nginx");
            Files.createDirectories(dir.resolve("tmp"));
            String d = dir.toString();
            Files.writeString(dir.resolve("nginx.conf"), """
                    worker_processes %3$d;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 16384; }
                    http {
                        access_log off;
                        server_tokens off;
                        keepalive_requests 100000000;
                        keepalive_timeout 300s;
                        client_body_temp_path %1$s/tmp;
                        proxy_temp_path %1$s/tmp;
                        fastcgi_temp_path %1$s/tmp;
                        uwsgi_temp_path %1$s/tmp;
                        scgi_temp_path %1$s/tmp;
                        server {
                            listen 127.0.0.1:%2$d backlog=%4$d;
                            location / {
                                default_type text/plain;
                                return 200 "hello";
                            }
                        }
                    }
                    """.formatted(d, port, workers, Hello.BACKLOG));
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(Cores.onPath("nginx") ? "nginx" : "/usr/sbin/nginx", "-c",
                    dir.resolve("nginx.conf").toString(), "-p", d));
            return Child.start("nginx", cmd, dir).awaitPort(port, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write nginx's configuration", e);
        }
    }
}
