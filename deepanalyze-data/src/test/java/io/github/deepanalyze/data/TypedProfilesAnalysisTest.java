package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.common.InputProfile;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Analysis.profiles()} of the student-loan example data, through a real {@link Analyst} run. */
class TypedProfilesAnalysisTest {
    @TempDir
    Path tmp;

    private Analyst.Builder analyst() {
        return Analyst.builder().model(ScriptedModel.of("<Answer>done</Answer>"))
                .executor(new ScriptedExecutor((ws, req) -> ExecutionResult.success("ok\n", "", Duration.ofMillis(1))))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws"));
    }

    private static List<Path> inputs() {
        Path d = Fixtures.studentLoanData();
        return List.of(d.resolve("enrolled.csv"), d.resolve("enrolled.xlsx"), d.resolve("student_loan.sqlite"));
    }

    @Test
    void profilesEachStudentLoanInputInInputOrder() throws Exception {
        Analysis a = analyst().build().analyze(inputs(), "How many students are enrolled?");

        assertThat(a.profiles()).extracting(InputProfile::file)
                .containsExactly("enrolled.csv", "enrolled.xlsx", "student_loan.sqlite");
        assertThat(a.profiles()).extracting(InputProfile::kind)
                .containsExactly(InputProfile.Kind.CSV, InputProfile.Kind.EXCEL, InputProfile.Kind.SQLITE);
        assertThat(a.profiles()).allSatisfy(p -> {
            assertThat(p.sizeBytes()).isPositive();
            assertThat(p.notes()).isEmpty();
        });

        InputProfile csv = a.profiles().get(0);
        assertThat(csv.encoding()).isEqualTo("UTF-8");
        InputProfile.Table records = csv.tables().get(0);
        assertThat(records.rowCount()).isEqualTo(1194);
        assertThat(records.columns()).extracting(InputProfile.Column::name, InputProfile.Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("name", "text"),
                        org.assertj.core.groups.Tuple.tuple("school", "text"),
                        org.assertj.core.groups.Tuple.tuple("month", "integer"));
        assertThat(records.columns().get(0).examples()).contains("student10");
        assertThat(records.columns().get(0).nullCount()).isZero();

        assertThat(a.profiles().get(1).tables().get(0).rowCount()).isEqualTo(1194);
        assertThat(a.profiles().get(2).tables()).hasSize(10).extracting(InputProfile.Table::name)
                .contains("person", "enrolled", "no_payment_due");
        assertThat(a.profiles().get(2).tables()).filteredOn(t -> t.name().equals("enrolled"))
                .singleElement().extracting(InputProfile.Table::rowCount).isEqualTo(1194L);
    }

    @Test
    void profilingOffLeavesNoProfiles() throws Exception {
        Analysis a = analyst().noInputProfiling().build().analyze(inputs(), "How many students are enrolled?");

        assertThat(a.isAnswered()).isTrue();
        assertThat(a.profiles()).isEmpty();
    }
}
