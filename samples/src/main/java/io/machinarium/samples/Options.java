package io.machinarium.samples;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Command-line options of a sample, parsed by picocli: {@code --name value} (or {@code --name=value}) pairs
 * and {@code --flag}s, each declared with a default and a help line, and {@code -h}/{@code --help}, whose
 * usage text picocli generates. The declarations are picocli's programmatic model ({@link #spec()}), which
 * also gives {@code bin/sample completion} its options. Anything undeclared or malformed is a
 * {@link BadOptionException} whose message is the one line a user sees: picocli's sentence, prefixed with
 * the sample's name.
 *
 * <pre>{@code
 * Options o = new Options("echo", "an echo server").value("listen", "127.0.0.1:7000", "where to listen");
 * if (!o.parse(args)) {
 *     return 0;  // --help: the usage was printed
 * }
 * HostPort listen = HostPort.parse(o, "listen", o.string("listen"));
 * }</pre>
 */
public final class Options {
    private final String sample;
    private final CommandSpec spec;
    private ParseResult parsed;

    /**
     * Starts an empty set of options.
     *
     * @param sample the sample's name, which prefixes every error message and the usage line
     */
    public Options(String sample) {
        this(sample, null);
    }

    /**
     * Starts an empty set of options, with a description for the usage text.
     *
     * @param sample the sample's name, which prefixes every error message and the usage line
     * @param description one sentence saying what the sample does (shown by {@code --help}), or null
     */
    public Options(String sample, String description) {
        this.sample = sample;
        this.spec = CommandSpec.create().name("bin/sample " + sample);
        spec.interpolateVariables(false);  // a help text or default is shown as written, ${...} and all
        spec.usageMessage().sortOptions(false);
        if (description != null) {
            spec.usageMessage().description(literal(description));
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.")
                .build());
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
        spec.addOption(OptionSpec.builder("--" + name).paramLabel("VALUE").type(String.class).arity("1")
                .defaultValue(defaultValue)
                .description(literal(help + (defaultValue != null ? " (default " + defaultValue + ")" : ""))).build());
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
        spec.addOption(OptionSpec.builder("--" + name).arity("0").description(literal(help)).build());
        return this;
    }

    /**
     * Parses the arguments; prints the help if {@code --help} is among them. An option given twice takes its
     * last value; {@code @file} arguments are not expanded.
     *
     * @param args the command line after the sample's name
     * @return false if {@code --help} was asked for (the help is printed), true otherwise
     * @throws BadOptionException for an undeclared option, a missing value or a stray argument
     */
    public boolean parse(List<String> args) {
        CommandLine line = new CommandLine(spec).setOverwrittenOptionsAllowed(true).setExpandAtFiles(false);
        try {
            parsed = line.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new BadOptionException(sample + ": " + e.getMessage() + " (see --help)");
        }
        if (line.isUsageHelpRequested()) {
            System.out.print(help());
            return false;
        }
        return true;
    }

    /** {@return the declarations in picocli's model, for a command line of several samples (completion)} */
    public CommandSpec spec() {
        return spec;
    }

    /**
     * The value of an option.
     *
     * @param name a declared option
     * @return the value given, else its default (null if it has none)
     */
    public String string(String name) {
        return spec(name).getValue();
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
        return given(name);
    }

    /**
     * Whether an option was on the command line, rather than taking its default.
     *
     * @param name a declared option or flag
     * @return true if it was given
     */
    public boolean given(String name) {
        spec(name);
        return parsed != null && parsed.hasMatchedOption("--" + name);
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

    private OptionSpec spec(String name) {
        OptionSpec s = spec.findOption("--" + name);
        if (s == null) {
            throw new IllegalArgumentException("undeclared option " + name);
        }
        return s;
    }

    /** {@return the usage text printed by {@code --help}, made by picocli: one line per option, with its default} */
    public String help() {
        return new CommandLine(spec).getUsageMessage();
    }

    /** Picocli formats descriptions ({@code %n}); a help line is shown as written. */
    private static String literal(String text) {
        return text.replace("%", "%%");
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
