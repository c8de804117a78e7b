// Explore DeepAnalyze in JShell. Start it with `bash scripts/jshell.sh` from the project root: it
// builds the examples if needed and opens JShell with the SDK on the class path and this script run.
//
// The script replays the recorded DeepAnalyze-8B run on the student-loan data through the CPython
// worker executor (the code blocks really run), then leaves you at the prompt with these variables:
//   analyst  the Analyst, python its CPython executor (python.close() stops the workers early)
//   a        the Analysis: a.steps(), a.report(), a.artifacts(), a.status(), a.transcript() ...
//   data     the data directory, files  the ten input files of the recording

import io.github.deepanalyze.*;
import io.github.deepanalyze.common.*;
import io.github.deepanalyze.report.ConsoleProgress;
import io.github.deepanalyze.openai.ReplayModel;
import io.github.deepanalyze.data.DataProfiles;
import io.github.deepanalyze.examples.ExampleOptions;
import io.github.deepanalyze.report.ReportDocument;
import io.github.deepanalyze.worker.CPythonExecutor;
import java.nio.file.*;

var data = Path.of("examples/data/student_loan");
var files = ExampleOptions.RECORDED_FILES.stream().map(data::resolve).toList();
// (JShell runs a line as soon as it is a complete statement: keep builder chains on one line.)
var model = ReplayModel.fromFile(Path.of("examples/data/student_loan-trajectory.md"));  // live: OpenAiCompatibleModel.builder()...
var python = CPythonExecutor.builder().build();
var analyst = Analyst.builder().model(model).executor(python).build();
var a = analyst.analyze(files, "Generate a data science report.", new ConsoleProgress(System.out));

// A few things to look at; type them yourself, or anything else, at the prompt below. (JShell runs
// a script silently, so show(...) prints each expression and its value the way the prompt would.)
void show(String expression, Object value) { System.out.println("jshell> " + expression + "\n==> " + value); }
System.out.println();
show("a.status()", a.status());
show("a.rounds()", a.rounds());
show("a.steps(Step.Code.class).size()", a.steps(Step.Code.class).size());
show("a.report().title()", a.report().title());
show("a.artifacts().stream().map(f -> f.path() + \" \" + f.mediaType()).toList()", a.artifacts().stream().map(f -> f.path() + " " + f.mediaType()).toList());
show("a.steps(Step.Execute.class).get(0).text().lines().limit(3).toList()", a.steps(Step.Execute.class).get(0).text().lines().limit(3).toList());
show("ReportDocument.of(a).claims().summary()", ReportDocument.of(a).claims().summary());
show("DataProfiles.of(data.resolve(\"enrolled.csv\")).toPromptText()", DataProfiles.of(data.resolve("enrolled.csv")).toPromptText());
System.out.println("\nYour turn: e.g. a.report().markdown(), a.steps(), /vars, /exit");
