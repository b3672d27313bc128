package io.machinarium.samples.launch;

import io.machinarium.samples.HelloSample;
import io.machinarium.samples.Options;
import io.machinarium.samples.bank.BankSample;
import io.machinarium.samples.echo.EchoSample;
import io.machinarium.samples.pooler.PoolerSample;
import io.machinarium.samples.proxy.ProxySample;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bin/sample} as one picocli command with a subcommand per sample: what {@code bin/sample --help}
 * prints (the samples, one line each) and the bash completion script of {@code bin/sample completion}
 * (picocli's {@link AutoComplete}), which completes sample names and each sample's options.
 */
final class SampleCommands {
    /** The name the completion script completes, besides {@code bin/sample} and {@code ./bin/sample}. */
    static final String COMMAND = "sample";

    /** The options of the samples that declare them with {@link Options}; a sample not here completes by name. */
    private static final Map<String, Supplier<Options>> DECLARED = Map.of(
            "hello", HelloSample::options,
            "echo", EchoSample::options,
            "proxy", ProxySample::options,
            "bank", BankSample::options);

    private SampleCommands() {
    }

    /**
     * The whole command line: every sample as a subcommand, {@code completion} too.
     *
     * @param name the top command's name
     * @param samples the samples' names, in the order to list them
     * @return the command
     */
    static CommandLine command(String name, Set<String> samples) {
        CommandSpec top = CommandSpec.create().name(name);
        top.interpolateVariables(false);
        top.usageMessage().customSynopsis("bin/sample [SAMPLE] [OPTIONS]   (hello when no sample is named)")
                .description("Runs one of Machinarium's sample programs; bin/sample SAMPLE --help shows its options.");
        top.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help and exit.").build());
        top.addOption(CommandLine.Model.OptionSpec.builder("--list").arity("0")
                .description("Print the samples' names, one a line.").build());
        CommandLine line = new CommandLine(top);
        for (String sample : samples) {
            Supplier<Options> declared = DECLARED.get(sample);
            CommandSpec spec = declared != null ? declared.get().spec()
                    : "pooler".equals(sample) ? PoolerSample.commandSpec() : CommandSpec.create();
            if (declared == null && !"pooler".equals(sample)) {
                spec.usageMessage().description("(bin/sample " + sample + " --help shows its options)");
            }
            line.addSubcommand(sample, new CommandLine(spec.name(sample)));
        }
        CommandSpec completion = CommandSpec.create().name("completion");
        completion.usageMessage().description("Print a bash completion script: source <(bin/sample completion)");
        line.addSubcommand("completion", new CommandLine(completion));
        return line;
    }

    /**
     * The text of {@code bin/sample --help}.
     *
     * @param samples the samples' names
     * @return the usage, listing the samples
     */
    static String usage(Set<String> samples) {
        return command("bin/sample", samples).getUsageMessage();
    }

    /**
     * The bash completion script of {@code bin/sample completion}: picocli's, registered for {@code sample},
     * {@code bin/sample} and {@code ./bin/sample}.
     *
     * @param samples the samples' names
     * @return the script, to {@code source}
     */
    static String completion(Set<String> samples) {
        String function = "_complete_" + COMMAND;
        return AutoComplete.bash(COMMAND, command(COMMAND, samples))
                + "\n# bin/sample run from the repository's root, as the README does\n"
                + "complete -F " + function + " -o default bin/sample ./bin/sample\n";
    }
}
