package io.github.deepanalyze.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GradersTest {
    @Test
    void exactIgnoresCaseEmphasisAndAFinalPeriod() {
        assertThat(Graders.exact().grade("Paris", "The capital is known.\n\nAnswer: **paris**.").correct()).isTrue();
        assertThat(Graders.exact().grade("Paris", "Answer: Lyon").detail()).isEqualTo("expected \"Paris\", got \"Lyon\"");
    }

    @Test
    void numericComparesTheLastNumberWithinToleranceOrStatedPrecision() {
        Grader g = Graders.named("numeric");
        assertThat(g.grade("3.14159", "Answer: 3.14").correct()).isTrue();
        assertThat(g.grade("1194", "There are 1,194 rows.").correct()).isTrue();
        assertThat(g.grade("1194", "Answer: 1180").correct()).isFalse();
        assertThat(Graders.named("numeric:0.05").grade("100", "Answer: 104").correct()).isTrue();
        assertThat(g.grade("5", "no number here").detail()).contains("holds no number");
    }

    @Test
    void dabenchNeedsEveryNamedValueAndGivesPartialCredit() {
        Grader g = Graders.dabench();
        Grade all = g.grade("@mean_fare[34.65] @survived[yes]", "Results: @mean_fare[34.654], @survived[Yes]");
        assertThat(all.correct()).isTrue();
        Grade half = g.grade("@mean_fare[34.65] @count[891]", "@mean_fare[34.65] @count[890]");
        assertThat(half.correct()).isFalse();
        assertThat(half.score()).isEqualTo(0.5);
        assertThat(half.detail()).isEqualTo("@count[891] got [890]");
    }

    @Test
    void denotationMatchesValueSetsInAnyOrder() {
        Grader g = Graders.denotation();
        assertThat(g.grade("UCLA|OCC", "Answer: occ, ucla").correct()).isTrue();
        assertThat(g.grade("1,194", "Answer: 1194.0").correct()).isTrue();
        assertThat(g.grade("UCLA|OCC", "Answer: UCLA").correct()).isFalse();
        assertThat(g.grade("UCLA", "Answer: UCLA | OCC").correct()).isFalse();
    }

    @Test
    void unknownGraderNamesTheKnownOnes() {
        assertThatThrownBy(() -> Graders.named("fuzzy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exact, numeric, numeric:<relative tolerance>, dabench or denotation");
    }
}
