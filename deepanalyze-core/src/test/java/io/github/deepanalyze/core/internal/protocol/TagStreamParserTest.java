package io.github.deepanalyze.core.internal.protocol;

import static io.github.deepanalyze.StepKind.ANALYZE;
import static io.github.deepanalyze.StepKind.ANSWER;
import static io.github.deepanalyze.StepKind.CODE;
import static io.github.deepanalyze.StepKind.EXECUTE;
import static io.github.deepanalyze.StepKind.UNDERSTAND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.StepKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagStreamParserTest {

    private static Section closed(StepKind kind, String body) {
        return new Section(kind, body, true);
    }

    private static Section unclosed(StepKind kind, String body) {
        return new Section(kind, body, false);
    }

    /**
     * Parses {@code text} whole, then at every single split point, every pair of split points and
     * one character at a time, and asserts that every chunking yields {@code expected} and the same
     * events, with deltas that join to the bodies.
     */
    private static void assertParses(String text, Section... expected) {
        RecordingListener whole = Chunkings.whole(text);
        assertThat(whole.closed).containsExactly(expected);
        assertThat(TagStreamParser.parse(text)).containsExactly(expected);
        for (int i = 0; i < whole.closed.size(); i++) {
            assertThat(whole.joinedDeltas.get(i)).isEqualTo(whole.closed.get(i).body());
        }
        assertThat(whole.emptyDeltas).isZero();
        int n = text.length();
        for (int a = 0; a <= n; a++) {
            assertThat(Chunkings.splitAt(text, a).events).as("split at %d", a).isEqualTo(whole.events);
            for (int b = a; b <= n; b++) {
                assertThat(Chunkings.splitAt(text, a, b).events).as("split at %d, %d", a, b).isEqualTo(whole.events);
            }
        }
        int[] everyChar = new int[Math.max(0, n - 1)];
        for (int i = 1; i < n; i++) {
            everyChar[i - 1] = i;
        }
        RecordingListener perChar = Chunkings.splitAt(text, everyChar);
        assertThat(perChar.events).isEqualTo(whole.events);
        assertThat(perChar.emptyDeltas).isZero();
    }

    @Test
    void parsesATypicalTurn() {
        assertParses("<Analyze>\nplan\n</Analyze>\n<Code>\n```python\nprint(1)\n```\n</Code>",
                closed(ANALYZE, "\nplan\n"), closed(CODE, "\n```python\nprint(1)\n```\n"));
    }

    @Test
    void keepsBodiesExactlyAsWritten() {
        assertParses("<Understand>  a \n\n b  </Understand>", closed(UNDERSTAND, "  a \n\n b  "));
    }

    @Test
    void parsesEmptySectionsWithoutTextEvents() {
        assertParses("<Analyze></Analyze><Code></Code>", closed(ANALYZE, ""), closed(CODE, ""));
        assertThat(Chunkings.whole("<Analyze></Analyze><Code></Code>").deltaCount).isZero();
    }

    @Test
    void treatsTextBeforeTheFirstTagAsAnalyze() {
        assertParses("Let me look.\n<Code>x</Code>", unclosed(ANALYZE, "Let me look.\n"), closed(CODE, "x"));
    }

    @Test
    void ignoresWhitespaceBetweenSections() {
        assertParses(" \n<Analyze>a</Analyze>\r\n\t\n<Code>b</Code>\n\n", closed(ANALYZE, "a"), closed(CODE, "b"));
    }

    @Test
    void ignoresAWhitespaceOnlyStream() {
        assertParses(" \n\t ");
        assertParses("");
    }

    @Test
    void treatsTextBetweenSectionsAsUntaggedAnalyzeIncludingItsLeadingWhitespace() {
        assertParses("<Analyze>a</Analyze>\nby the way\n<Answer>b</Answer>",
                closed(ANALYZE, "a"), unclosed(ANALYZE, "\nby the way\n"), closed(ANSWER, "b"));
    }

    @Test
    void treatsAStrayClosingTagAsText() {
        assertParses("<Analyze>a</Analyze>\n</Code>\n<Answer>b</Answer>",
                closed(ANALYZE, "a"), unclosed(ANALYZE, "\n</Code>\n"), closed(ANSWER, "b"));
        assertParses("</Analyze>x", unclosed(ANALYZE, "</Analyze>x"));
    }

    @Test
    void treatsAClosingTagOfAnotherSectionAsText() {
        assertParses("<Analyze>a</Code>b</Understand>c</Analyze>", closed(ANALYZE, "a</Code>b</Understand>c"));
    }

    @Test
    void treatsUnknownTagsAsText() {
        assertParses("<think>hm</think><Analyze>a <div>b</div> <Foo> <analyze> <Analyze </Analyze>",
                unclosed(ANALYZE, "<think>hm</think>"), closed(ANALYZE, "a <div>b</div> <Foo> <analyze> <Analyze "));
    }

    @Test
    void closesTheOpenSectionAsUnclosedWhenAnotherOpens() {
        assertParses("<Analyze>a<Understand>b</Understand>c</Analyze>",
                unclosed(ANALYZE, "a"), closed(UNDERSTAND, "b"), closed(ANALYZE, "c"));
    }

    @Test
    void reportsAnUnclosedSectionAtTheEndOfTheStream() {
        assertParses("<Analyze>abc", unclosed(ANALYZE, "abc"));
        assertParses("<Answer>abc</Ans", unclosed(ANSWER, "abc</Ans"));
        assertParses("<Analyze>a <", unclosed(ANALYZE, "a <"));
        assertParses("<Analyze>a</", unclosed(ANALYZE, "a</"));
        assertParses("<Analy", unclosed(ANALYZE, "<Analy"));
    }

    @Test
    void reportsCodeWhoseClosingTagTheStopStringSwallowed() {
        String turn = "<Analyze>a</Analyze>\n<Code>\n```python\nprint(1)\n```\n";
        assertParses(turn, closed(ANALYZE, "a"), unclosed(CODE, "\n```python\nprint(1)\n```\n"));
        assertThat(CodeBlocks.extract(TagStreamParser.parse(turn).get(1).body())).isEqualTo("print(1)");
    }

    @Test
    void parsesATurnWithOnlyAnalyze() {
        assertParses("<Analyze>\nI will now summarise.\n</Analyze>", closed(ANALYZE, "\nI will now summarise.\n"));
    }

    @Test
    void reportsAnExecuteTheModelFabricated() {
        assertParses("<Code>x</Code>\n<Execute>\nmade up\n</Execute>\n<Understand>u</Understand>",
                closed(CODE, "x"), closed(EXECUTE, "\nmade up\n"), closed(UNDERSTAND, "u"));
    }

    @Test
    void endsCodeOnlyAtItsClosingTag() {
        assertParses("<Code>s = '<Analyze>'\n<Answer></Analyze></Code><Answer>a</Answer>",
                closed(CODE, "s = '<Analyze>'\n<Answer></Analyze>"), closed(ANSWER, "a"));
        assertParses("<Code>a<Code>b</Code>", closed(CODE, "a<Code>b"));
    }

    @Test
    void doesNotLetAnUnbalancedFenceInCodeSwallowTheStream() {
        assertParses("<Code>\n```python\nprint('`')\n</Code>\n<Execute>\n1\n</Execute>",
                closed(CODE, "\n```python\nprint('`')\n"), closed(EXECUTE, "\n1\n"));
    }

    @Test
    void endsExecuteOnlyAtItsClosingTag() {
        assertParses("<Execute>\n`tick <Answer> ``` \n</Execute><Answer>a</Answer>",
                closed(EXECUTE, "\n`tick <Answer> ``` \n"), closed(ANSWER, "a"));
    }

    @Test
    void treatsTagsInInlineCodeSpansAsText() {
        assertParses("<Analyze>Write `<Code>` then `</Analyze>`.</Analyze>",
                closed(ANALYZE, "Write `<Code>` then `</Analyze>`."));
        assertParses("<Answer>Use ``a ` <Answer> `` here</Answer>", closed(ANSWER, "Use ``a ` <Answer> `` here"));
        assertParses("<Answer>inline ```<Code>``` too</Answer>", closed(ANSWER, "inline ```<Code>``` too"));
    }

    @Test
    void recognisesTagsAfterAnUnmatchedBacktick() {
        assertParses("<Analyze>it`s done <Code>x</Code>", unclosed(ANALYZE, "it`s done "), closed(CODE, "x"));
        assertParses("<Analyze>a `b\n</Analyze>", closed(ANALYZE, "a `b\n"));
        assertParses("<Analyze>a `b</Analyze>", closed(ANALYZE, "a `b"));
    }

    @Test
    void treatsTagsInFencedBlocksAsText() {
        String answer = "\nExample:\n```html\n<Analyze>\n</Answer>\n```\ndone\n";
        assertParses("<Answer>" + answer + "</Answer>", closed(ANSWER, answer));
        String tildes = "\n~~~~\n<Code>\n~~~\n</Answer>\n~~~~~\n";
        assertParses("<Answer>" + tildes + "</Answer>", closed(ANSWER, tildes));
        String indented = "\n   ```\n<Code>\n   ```  \nok";
        assertParses("<Understand>" + indented + "</Understand>", closed(UNDERSTAND, indented));
    }

    @Test
    void needsAFenceAtLeastAsLongToCloseAFencedBlock() {
        String body = "\n````\n```\n<Code>\n````\n";
        assertParses("<Answer>" + body + "</Answer>", closed(ANSWER, body));
    }

    @Test
    void treatsABacktickFenceWithBackticksInItsInfoStringAsInline() {
        assertParses("<Answer>\n```a <Code> ```\n</Answer>", closed(ANSWER, "\n```a <Code> ```\n"));
        assertParses("<Answer>\n```a` <Code>x</Code>", unclosed(ANSWER, "\n```a` "), closed(CODE, "x"));
        assertParses("<Answer>\n```a <Code>\nb\n```\n</Answer>", closed(ANSWER, "\n```a <Code>\nb\n```\n"));
    }

    @Test
    void doesNotCountAFenceInsideALine() {
        assertParses("<Answer>x ``` y\n<Code>z</Code>", unclosed(ANSWER, "x ``` y\n"), closed(CODE, "z"));
    }

    @Test
    void handlesCrLfLineEndings() {
        String text = "<Analyze>\r\nx\r\n</Analyze>\r\n<Code>\r\n```python\r\nprint(1)\r\n```\r\n</Code>\r\n"
                + "<Answer>\r\n```\r\n<Code>\r\n```\r\n</Answer>\r\n";
        assertParses(text, closed(ANALYZE, "\r\nx\r\n"), closed(CODE, "\r\n```python\r\nprint(1)\r\n```\r\n"),
                closed(ANSWER, "\r\n```\r\n<Code>\r\n```\r\n"));
        assertThat(CodeBlocks.extract(TagStreamParser.parse(text).get(1).body())).isEqualTo("print(1)");
    }

    @Test
    void keepsSupplementaryCharactersIntactAcrossChunks() {
        assertParses("<Answer>😀 销售 `<Code>` 😀</Answer>", closed(ANSWER, "😀 销售 `<Code>` 😀"));
    }

    @Test
    void emitsTextPromptlyAndHoldsBackOnlyAPossibleTag() {
        List<String> deltas = new ArrayList<>();
        TagStreamParser p = new TagStreamParser(new SectionListener() {
            @Override
            public void onText(StepKind kind, String delta) {
                deltas.add(delta);
            }
        });
        p.feed("<Analyze>hello wor");
        assertThat(deltas).containsExactly("hello wor");
        p.feed("ld</Ana");
        assertThat(deltas).containsExactly("hello wor", "ld");
        p.feed("lyze><Code>print(x < 1)\n</Co");
        assertThat(deltas).containsExactly("hello wor", "ld", "print(x < 1)\n");
        assertThat(p.sections()).containsExactly(closed(ANALYZE, "hello world"));
        p.feed("de>");
        assertThat(p.sections()).containsExactly(closed(ANALYZE, "hello world"), closed(CODE, "print(x < 1)\n"));
    }

    @Test
    void holdsATagInsideACodeSpanUntilTheSpanCloses() {
        StringBuilder text = new StringBuilder();
        TagStreamParser p = new TagStreamParser(new SectionListener() {
            @Override
            public void onText(StepKind kind, String delta) {
                text.append(delta);
            }
        });
        p.feed("<Answer>see `<Code>");
        assertThat(text).hasToString("see `");
        p.feed(" here");
        assertThat(text).hasToString("see `");
        p.feed("` ok");
        assertThat(text).hasToString("see `<Code> here` ok");
    }

    @Test
    void decidesATagInALongCodeSpanFedCharacterByCharacter() {
        String line = "x".repeat(20_000) + "``" + "y".repeat(20_000);
        String text = "<Answer>`<Code>" + line + "`</Answer>";
        RecordingListener perChar = Chunkings.randomChunks(text, 1, 1);
        assertThat(perChar.closed).containsExactly(closed(ANSWER, "`<Code>" + line + "`"));
        String unclosedSpan = "<Answer>`<Code>" + line + "\n</Answer>";
        assertThat(Chunkings.randomChunks(unclosedSpan, 1, 1).closed)
                .containsExactly(unclosed(ANSWER, "`"), unclosed(CODE, line + "\n</Answer>"));
    }

    @Test
    void reportsOpenTextAndCloseInOrder() {
        RecordingListener l = Chunkings.whole("<Analyze>a</Analyze><Code>b");
        assertThat(l.events).containsExactly("open ANALYZE", "text a", "close ANALYZE closed=true",
                "open CODE", "text b", "close CODE closed=false");
    }

    @Test
    void returnsOnlyCompletedSectionsBeforeFinish() {
        TagStreamParser p = new TagStreamParser();
        p.feed("<Analyze>a</Analyze><Code>b");
        assertThat(p.sections()).containsExactly(closed(ANALYZE, "a"));
        p.finish();
        assertThat(p.sections()).containsExactly(closed(ANALYZE, "a"), unclosed(CODE, "b"));
        assertThatThrownBy(() -> p.sections().add(closed(ANSWER, "")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsFeedAfterFinishAndIgnoresASecondFinish() {
        TagStreamParser p = new TagStreamParser();
        p.feed("<Analyze>a");
        p.finish();
        p.finish();
        assertThat(p.sections()).containsExactly(unclosed(ANALYZE, "a"));
        assertThatThrownBy(() -> p.feed("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("new TagStreamParser");
    }

    @Test
    void givesTheSameResultForAnyChunkingOfGeneratedMarkup() {
        String[] pieces = {"<Analyze>", "</Analyze>", "<Understand>", "</Understand>", "<Code>", "</Code>",
            "<Execute>", "</Execute>", "<Answer>", "</Answer>", "<", "</", ">", "`", "``", "```", "~~~", "\n", "\r\n",
            " ", "   ", "a", "xyz", "<think>", "😀"};
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261125);
        for (int doc = 0; doc < 3000; doc++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = text.toString();
            RecordingListener whole = Chunkings.whole(input);
            assertThat(whole.joinedDeltas).containsExactlyElementsOf(whole.closed.stream().map(Section::body).toList());
            assertThat(whole.emptyDeltas).isZero();
            for (int run = 0; run < 4; run++) {
                RecordingListener chunked = Chunkings.randomChunks(input, random.nextLong(), 1 + run * 3);
                assertThat(chunked.events).as("%s, run %d", input, run).isEqualTo(whole.events);
                assertThat(chunked.emptyDeltas).isZero();
            }
        }
    }

    @Test
    void rejectsNulls() {
        assertThatNullPointerException().isThrownBy(() -> new TagStreamParser(null));
        assertThatNullPointerException().isThrownBy(() -> new TagStreamParser().feed(null));
    }
}
