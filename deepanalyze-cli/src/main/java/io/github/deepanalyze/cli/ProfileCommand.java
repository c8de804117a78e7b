package io.github.deepanalyze.cli;

import io.github.deepanalyze.data.DataProfile;
import io.github.deepanalyze.data.DataProfiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deepanalyze profile}: describes data files without a model (columns, types, row counts, problems). */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Describe data files (CSV/TSV dialect and encoding, Excel sheets, SQLite tables, JSON shape) without a model.")
final class ProfileCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILES", arity = "1..*", description = "Files to profile.")
    List<Path> files;

    @Override
    public Integer call() {
        int problems = 0;
        for (DataProfile p : DataProfiles.ofAll(files)) {
            System.out.println("== " + p.path());
            System.out.println(p.toPromptText());
            for (String problem : p.problems()) {
                System.out.println("  problem: " + problem);
                problems++;
            }
        }
        return problems == 0 ? DeepAnalyzeCommand.ANSWERED : DeepAnalyzeCommand.NO_ANSWER;
    }
}
