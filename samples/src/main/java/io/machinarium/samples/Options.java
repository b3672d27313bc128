package io.machinarium.samples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of a sample: {@code --name value} pairs and {@code --flag}s, each declared with
 * a default and a help line. Anything undeclared or malformed is a {@link BadOptionException} whose
 * message is the one line a user sees.
 */
public final class Options {
    private record Spec(String name, String defaultValue, boolean flag, String help) {
    }

    private final String sample;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * Starts an empty set of options.
     *
     * @param sample the sample's name, which prefixes every error message and the usage line
     */
    public Options(String sample) {
        this.sample = sample;
    }

    /**
     * Declares {@code --name VALUE}.
     *
     * @param name the option's name, without dashes
     * @param defaultValue its value when not given; null for none
     * @param help one line for {@code --help}
     * @return this
     */
    public Options value(String name, String defaultValue, String help) {
        specs.put(name, new Spec(name, defaultValue, false, help));
        return this;
    }

    /**
     * Declares a {@code --name} flag, false unless given.
     *
     * @param name the flag's name, without dashes
     * @param help one line for {@code --help}
     * @return this
     */
    public Options flag(String name, String help) {
        specs.put(name, new Spec(name, null, true, help));
        return this;
    }

    /**
     * Parses the arguments; prints the help if {@code --help} is among them.
     *
     * @param args the command line after the sample's name
     * @return false if {@code --help} was asked for (the help is printed), true otherwise
     * @throws BadOptionException for an undeclared option, a missing value or a stray argument
     */
    public boolean parse(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                System.out.print(help());
                return false;
            }
            if (!a.startsWith("--")) {
                throw new BadOptionException(sample + ": unexpected argument '" + a + "' (see --help)");
            }
            String name = a.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Spec spec = specs.get(name);
            if (spec == null) {
                throw new BadOptionException(sample + ": unknown option --" + name + " (see --help)");
            }
            if (spec.flag) {
                if (inline != null) {
                    throw new BadOptionException(sample + ": option --" + name + " takes no value");
                }
                values.put(name, "true");
            } else if (inline != null) {
                values.put(name, inline);
            } else if (i + 1 < args.size()) {
                values.put(name, args.get(++i));
            } else {
                throw new BadOptionException(sample + ": option --" + name + " needs a value");
            }
        }
        return true;
    }

    /**
     * The value of an option.
     *
     * @param name a declared option
     * @return the value given, else its default (null if it has none)
     */
    public String string(String name) {
        String v = values.get(name);
        return v != null ? v : spec(name).defaultValue;
    }

    /**
     * A value as a file system path.
     *
     * @param name a declared value option
     * @return the path, or null when the option has no value
     * @throws BadOptionException if the value cannot be a path (a NUL character, for one)
     */
    public java.nio.file.Path path(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return java.nio.file.Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw bad("--" + name + " is not a usable path: " + e.getReason());
        }
    }

    /**
     * Whether a flag was given.
     *
     * @param name a declared flag
     * @return true if it was on the command line
     */
    public boolean flag(String name) {
        spec(name);
        return values.containsKey(name);
    }

    /**
     * Whether an option was on the command line, rather than taking its default.
     *
     * @param name a declared option or flag
     * @return true if it was given
     */
    public boolean given(String name) {
        spec(name);
        return values.containsKey(name);
    }

    /**
     * The value of an option as a whole number in a range.
     *
     * @param name a declared option with a value or default
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the number
     * @throws BadOptionException if it is not a number or out of range
     */
    public int integer(String name, int min, int max) {
        String v = string(name);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new BadOptionException(sample + ": --" + name + " must be between " + min + " and " + max
                        + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadOptionException(sample + ": --" + name + " must be a whole number, not '" + v + "'");
        }
    }

    private Spec spec(String name) {
        Spec s = specs.get(name);
        if (s == null) {
            throw new IllegalArgumentException("undeclared option " + name);
        }
        return s;
    }

    /** @return the usage text printed by {@code --help}: one line per option, with its default */
    public String help() {
        StringBuilder b = new StringBuilder("usage: bin/sample " + sample + " [OPTIONS]\n");
        for (Spec s : specs.values()) {
            String left = "  --" + s.name + (s.flag ? "" : " VALUE");
            b.append(String.format("%-26s %s", left, s.help));
            if (s.defaultValue != null) {
                b.append(" (default ").append(s.defaultValue).append(')');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Fails the command line with one message.
     *
     * @param message what is wrong, as the user should read it (the sample's name is prefixed)
     * @return the exception to throw
     */
    public BadOptionException bad(String message) {
        return new BadOptionException(sample + ": " + message);
    }

    /** A bad command line; the message is one line for stderr. */
    public static final class BadOptionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message the one line a user sees; control characters in it (a newline typed into an
         *     argument, say) are shown escaped, so that it stays one line
         */
        public BadOptionException(String message) {
            super(oneLine(message));
        }

        private static String oneLine(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isISOControl(c)) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
