package io.github.deepanalyze.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class CodeBlocksTest {

    @Test
    void takesTheContentOfAPythonFenceTrimmed() {
        assertThat(CodeBlocks.extract("\n```python\n  import os\nprint(1)\n```\n")).isEqualTo("import os\nprint(1)");
    }

    @Test
    void takesTheContentOfAPlainFence() {
        assertThat(CodeBlocks.extract("```\nprint(2)\n```")).isEqualTo("print(2)");
    }

    @Test
    void takesTheTrimmedBodyWithoutAFence() {
        assertThat(CodeBlocks.extract("\n  print(3)\n\n")).isEqualTo("print(3)");
    }

    @Test
    void takesTheTrimmedBodyWhenTheFenceIsNotClosed() {
        assertThat(CodeBlocks.extract("\n```python\nprint(4)\n")).isEqualTo("```python\nprint(4)");
    }

    @Test
    void takesOnlyTheFirstFencedBlock() {
        assertThat(CodeBlocks.extract("```python\na = 1\n```\ntext\n```python\nb = 2\n```")).isEqualTo("a = 1");
    }

    @Test
    void takesTextBeforeTheFenceOutLikeTheReference() {
        assertThat(CodeBlocks.extract("Here is the code:\n```python\nprint(5)\n```\nDone.")).isEqualTo("print(5)");
    }

    @Test
    void keepsAnOtherLanguageTagAsTheReferenceDoes() {
        assertThat(CodeBlocks.extract("```py\nprint(6)\n```")).isEqualTo("py\nprint(6)");
        assertThat(CodeBlocks.extract("```Python\nprint(6)\n```")).isEqualTo("Python\nprint(6)");
    }

    @Test
    void stripsPythonWhitespaceIncludingNoBreakAndIdeographicSpaces() {
        assertThat(CodeBlocks.extract("\u00a0\u3000print(7)\u2007\u0085")).isEqualTo("print(7)");
        assertThat(CodeBlocks.extract("```python\u00a0\nprint(7)\u3000```")).isEqualTo("print(7)");
    }

    @Test
    void keepsBackticksInsideTheProgramUpToTheNextFence() {
        assertThat(CodeBlocks.extract("```python\ns = '`x`'\nprint(s)\n```")).isEqualTo("s = '`x`'\nprint(s)");
    }

    @Test
    void tellsWhetherTheBodyIsExactlyAPythonFencedBlock() {
        assertThat(CodeBlocks.isPythonFenced("\n```python\nprint(1)\n```\n")).isTrue();
        assertThat(CodeBlocks.isPythonFenced("```\nprint(1)\n```")).isFalse();
        assertThat(CodeBlocks.isPythonFenced("print(1)")).isFalse();
        assertThat(CodeBlocks.isPythonFenced("```python\nprint(1)\n")).isFalse();
        assertThat(CodeBlocks.isPythonFenced("Code:\n```python\nprint(1)\n```")).isFalse();
        assertThat(CodeBlocks.isPythonFenced("```python\nprint(1)\n```\nThis prints 1.")).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> CodeBlocks.extract(null));
        assertThatNullPointerException().isThrownBy(() -> CodeBlocks.isPythonFenced(null));
    }
}
