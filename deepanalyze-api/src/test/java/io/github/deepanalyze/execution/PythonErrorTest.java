package io.github.deepanalyze.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonErrorTest {

    @Test
    void readsTypeMessageAndFramesFromATraceback() {
        String tb = """
                Traceback (most recent call last):
                  File "<string>", line 4, in <module>
                    f()
                  File "<string>", line 3, in f
                    return 1 / 0
                           ~~^~~
                ZeroDivisionError: division by zero
                """;
        PythonError e = PythonError.parse(tb);
        assertThat(e.type()).isEqualTo("ZeroDivisionError");
        assertThat(e.message()).isEqualTo("division by zero");
        assertThat(e.traceback()).isEqualTo(tb);
        assertThat(e.frames()).containsExactly(
                new PythonError.Frame("<string>", 4, "<module>"), new PythonError.Frame("<string>", 3, "f"));
    }

    @Test
    void takesTheLastExceptionOfAChainAndIgnoresAHintAfterIt() {
        String tb = """
                Traceback (most recent call last):
                  File "/usr/lib/python3/site-packages/pandas/core/indexes/base.py", line 3805, in get_loc
                KeyError: 'gender'

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "<string>", line 2, in <module>
                pandas.errors.InvalidIndexError: 'gender'
                [Hint]: check df.columns""";
        PythonError e = PythonError.parse(tb);
        assertThat(e.type()).isEqualTo("pandas.errors.InvalidIndexError");
        assertThat(e.message()).isEqualTo("'gender'");
        assertThat(e.frames()).extracting(PythonError.Frame::line).containsExactly(3805, 2);
    }

    @Test
    void readsSyntaxErrorsAndFramesWithoutALineNumber() {
        PythonError syntax = PythonError.parse("  File \"<string>\", line 2\n    print('x'\n         ^\nSyntaxError: '(' was never closed\n");
        assertThat(syntax.type()).isEqualTo("SyntaxError");
        assertThat(syntax.message()).isEqualTo("'(' was never closed");
        assertThat(syntax.frames()).containsExactly(new PythonError.Frame("<string>", 2, ""));

        PythonError host = PythonError.parse("Traceback (most recent call last):\n  File \"<string>\", in <module>\nPermissionError: denied");
        assertThat(host.frames()).containsExactly(new PythonError.Frame("<string>", -1, "<module>"));
        assertThat(host.type()).isEqualTo("PermissionError");
    }

    @Test
    void acceptsAnExceptionWithoutMessageOrAnUnrecognisedText() {
        assertThat(PythonError.parse("MemoryError\n")).extracting(PythonError::type, PythonError::message)
                .containsExactly("MemoryError", "");
        PythonError odd = PythonError.parse("something went wrong somewhere");
        assertThat(odd.type()).isEmpty();
        assertThat(odd.traceback()).isEqualTo("something went wrong somewhere");
    }
}
