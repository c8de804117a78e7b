package io.github.deepanalyze.cli;

import io.github.deepanalyze.AnalysisStatus;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code deepanalyze} command line: {@code deepanalyze analyze FILES... -q QUESTION --model-url URL}
 * and {@code deepanalyze profile FILES...}.
 *
 * <p>Exit codes scripts can rely on: {@value #ANSWERED} answered; {@value #NO_ANSWER} the analysis
 * ended without an answer (a round, token or time limit, or the model gave up); {@value #USAGE} bad
 * command line; {@value #BAD_INPUT} unusable input file or configuration; {@value #MODEL_FAILED} the
 * model failed; {@value #EXECUTOR_FAILED} the code executor failed; {@value #INTERNAL_FAILED} the SDK itself
 * failed (a defect); {@value #CANCELLED} interrupted (Ctrl-C).
 */
@Command(name = "deepanalyze", mixinStandardHelpOptions = true, version = "deepanalyze 0.1.0",
        description = "Autonomous data analysis with DeepAnalyze-8B: the model plans, writes Python, runs it on "
                + "your files in a sandbox, reads the output, and writes a report.",
        subcommands = {AnalyzeCommand.class, ProfileCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 answered, 1 ended without an answer, 2 usage error, 3 bad input or configuration,",
                "            4 model failed, 5 executor failed, 130 interrupted.",
                "Examples:",
                "  deepanalyze analyze sales.csv crm.xlsx -q \"What drives churn?\" --model-url http://localhost:8000/v1",
                "  deepanalyze analyze data/*.csv -q \"Generate a data science report.\" --replay trajectory.md",
                "  deepanalyze profile data/*"})
public final class DeepAnalyzeCommand {
    public static final int ANSWERED = 0;
    public static final int NO_ANSWER = 1;
    public static final int USAGE = 2;
    public static final int BAD_INPUT = 3;
    public static final int MODEL_FAILED = 4;
    public static final int EXECUTOR_FAILED = 5;
    /** The SDK itself failed ({@link AnalysisStatus#INTERNAL_ERROR}); 70 is sysexits' EX_SOFTWARE. */
    public static final int INTERNAL_FAILED = 70;
    public static final int CANCELLED = 130;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new DeepAnalyzeCommand());
        cl.registerConverter(Duration.class, DeepAnalyzeCommand::parseDuration);
        cl.setUsageHelpWidth(120);
        cl.setExitCodeExceptionMapper(e -> USAGE);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("deepanalyze: " + e.getMessage());
            return e instanceof io.github.deepanalyze.common.DeepAnalyzeException ? BAD_INPUT : USAGE;
        });
        return cl.execute(args);
    }

    /** The exit code for an analysis that ended with {@code status}. */
    static int exitCode(AnalysisStatus status) {
        return switch (status) {
            case ANSWERED -> ANSWERED;
            case MODEL_ERROR -> MODEL_FAILED;
            case EXECUTOR_ERROR -> EXECUTOR_FAILED;
            case INTERNAL_ERROR -> INTERNAL_FAILED;
            case CANCELLED -> CANCELLED;
            case ENDED_WITHOUT_ANSWER, ROUND_LIMIT, TOKEN_LIMIT, TIME_LIMIT -> NO_ANSWER;
        };
    }

    /** Accepts {@code 90s}, {@code 30m}, {@code 2h}, {@code 500ms} or ISO-8601 {@code PT1M30S}. */
    static Duration parseDuration(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(Long.parseLong(t));
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a duration: use e.g. 90s, 30m, 2h or PT1M30S");
        }
    }
}
