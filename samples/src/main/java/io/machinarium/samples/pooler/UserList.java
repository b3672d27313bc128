package io.machinarium.samples.pooler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * pgbouncer's {@code userlist.txt}: one {@code "user" "secret"} per line (a quote inside a field is written
 * twice; blank lines and lines starting with {@code ;} or {@code #} are skipped). A secret is a plain password,
 * an md5 hash ({@code md5} and 32 hex digits) or a SCRAM secret ({@code SCRAM-SHA-256$...}), as
 * {@code pg_authid.rolpassword} holds them. Immutable once read except for the SCRAM client keys learned from
 * clients; any thread.
 */
final class UserList {
    private static final Pattern MD5 = Pattern.compile("md5[0-9a-f]{32}");

    /**
     * One user's entry.
     *
     * @param name the user
     * @param password the plain password, or null
     * @param md5 the md5 hash ({@code md5...}), or null
     * @param scram the SCRAM secret: the one given, or one derived from the plain password; null for md5 users
     * @param learned the ClientKey a client proved with SCRAM (for logging in to the server as this user when
     *     the file holds only a SCRAM secret), empty until then
     */
    record User(String name, String password, String md5, Scram.Secret scram, AtomicReference<byte[]> learned) {
        User(String name, String password, String md5, Scram.Secret scram) {
            this(name, password, md5, scram, new AtomicReference<>());
        }

        /** {@return the ClientKey learned from a client, or null} */
        byte[] clientKey() {
            return learned.get();
        }
    }

    private final Map<String, User> users;

    private UserList(Map<String, User> users) {
        this.users = users;
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @return the list
     * @throws IllegalArgumentException naming the file and line, for a line that is not two quoted fields, or
     *     if the file cannot be read
     */
    static UserList read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    static UserList parse(List<String> lines, String source) {
        Map<String, User> users = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            String[] fields = new String[2];
            int at = 0;
            for (int f = 0; f < 2; f++) {
                while (at < line.length() && Character.isWhitespace(line.charAt(at))) {
                    at++;
                }
                StringBuilder b = new StringBuilder();
                if (at >= line.length() || line.charAt(at) != '"') {
                    throw bad(source, n, "expected two quoted fields, \"user\" \"secret\"");
                }
                for (at++;; at++) {
                    if (at >= line.length()) {
                        throw bad(source, n, "a field has no closing quote");
                    }
                    char c = line.charAt(at);
                    if (c == '"' && at + 1 < line.length() && line.charAt(at + 1) == '"') {
                        b.append('"');
                        at++;
                    } else if (c == '"') {
                        at++;
                        break;
                    } else {
                        b.append(c);
                    }
                }
                fields[f] = b.toString();
            }
            if (fields[0].isEmpty()) {
                throw bad(source, n, "the user name is empty");
            }
            users.put(fields[0], entry(fields[0], fields[1]));
        }
        return new UserList(Map.copyOf(users));
    }

    private static User entry(String name, String secret) {
        if (MD5.matcher(secret).matches()) {
            return new User(name, null, secret, null);
        }
        Scram.Secret scram = Scram.Secret.parse(secret);
        if (scram != null) {
            return new User(name, null, null, scram);
        }
        return new User(name, secret, Scram.md5Secret(secret, name), Scram.Secret.of(secret));
    }

    private static IllegalArgumentException bad(String source, int line, String why) {
        return new IllegalArgumentException(source + ":" + (line + 1) + ": " + why);
    }

    /** {@return the user's entry, or null if the file does not list it} */
    User user(String name) {
        return users.get(name);
    }

    /** {@return how many users the file lists} */
    int size() {
        return users.size();
    }
}
