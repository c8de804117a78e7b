package io.github.deepanalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.model.SamplingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What {@link Analyst.Builder#build()} refuses, and the messages that say how to fix it. */
class AnalystBuildTest {

    private static Analyst.Builder withModel(Fakes.Executor executor) {
        return Analyst.builder().model(Fakes.MODEL).executor(executor);
    }

    @Test
    void refusesAnExecutorThatDoesNotIsolateModelCode() {
        Fakes.Executor unsandboxed = new Fakes.Executor(IsolationLevel.NONE);

        assertThatThrownBy(() -> withModel(unsandboxed).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("fake-NONE")
                .hasMessageContaining("IsolationLevel.NONE")
                .hasMessageContaining(".allowUnsandboxedExecution()");
    }

    @Test
    void acceptsAnUnsandboxedExecutorOnlyWhenTheRiskIsNamed() {
        Fakes.Executor unsandboxed = new Fakes.Executor(IsolationLevel.NONE);

        Analyst analyst = withModel(unsandboxed).allowUnsandboxedExecution().build();

        assertThat(analyst.settings().executor()).isSameAs(unsandboxed);
    }

    @ParameterizedTest
    @EnumSource(value = IsolationLevel.class, names = {"IN_PROCESS_SANDBOX", "PROCESS"})
    void acceptsSandboxedExecutorsWithoutTheOptIn(IsolationLevel level) {
        Analyst analyst = withModel(new Fakes.Executor(level)).build();

        assertThat(analyst.settings().executor().isolation()).isEqualTo(level);
    }

    @Test
    void saysHowToConfigureAModelWhenThereIsNone() {
        assertThatThrownBy(() -> Analyst.builder().executor(new Fakes.Executor(IsolationLevel.PROCESS)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("No model configured")
                .hasMessageContaining("Analyst.builder().model(...)");
    }

    @Test
    void refusesMaxNewTokensThatLeaveNoRoomForThePromptInTheContext() {
        Analyst.Builder builder = withModel(new Fakes.Executor(IsolationLevel.PROCESS))
                .budget(Budget.DEFAULT.withMaxContextTokens(8_192))
                .sampling(SamplingOptions.DEFAULT.withMaxNewTokens(8_192));

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sampling.maxNewTokens (8192)")
                .hasMessageContaining("budget.maxContextTokens (8192)")
                .hasMessageContaining("withMaxNewTokens");
    }

    @Test
    void acceptsMaxNewTokensJustBelowTheContext() {
        Analyst analyst = withModel(new Fakes.Executor(IsolationLevel.PROCESS))
                .budget(Budget.DEFAULT.withMaxContextTokens(8_192))
                .sampling(SamplingOptions.DEFAULT.withMaxNewTokens(8_191))
                .build();

        assertThat(analyst.settings().sampling().maxNewTokens()).isEqualTo(8_191);
    }

    @Test
    void usesTheEnginesPromptProfileWhenNoneIsSet() {
        Analyst analyst = withModel(new Fakes.Executor(IsolationLevel.PROCESS)).build();

        assertThat(analyst.settings().promptProfile()).isSameAs(Fakes.Engine.PROFILE);
    }

    @Test
    void leavesAnExecutorPassedToTheBuilderOpenOnClose() {
        Fakes.Executor callers = new Fakes.Executor(IsolationLevel.PROCESS);

        withModel(callers).build().close();

        assertThat(callers.closed).isZero();
    }

    @Test
    void rejectsNullSettingsAtTheCallThatPassedThem() {
        Analyst.Builder builder = Analyst.builder();

        assertThatThrownBy(() -> builder.model(null)).isInstanceOf(NullPointerException.class).hasMessage("model");
        assertThatThrownBy(() -> builder.executor(null)).isInstanceOf(NullPointerException.class).hasMessage("executor");
        assertThatThrownBy(() -> builder.budget(null)).isInstanceOf(NullPointerException.class).hasMessage("budget");
    }
}
