package io.github.deepanalyze.core.internal.protocol.benchmarks;

import io.github.deepanalyze.StepKind;
import io.github.deepanalyze.core.internal.protocol.Section;
import io.github.deepanalyze.core.internal.protocol.SectionListener;
import io.github.deepanalyze.core.internal.protocol.TagStreamParser;
import io.github.deepanalyze.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parser throughput over the recorded student-loan run (39,265 chars, 39,313 UTF-8 bytes), streamed
 * in chunks of about one token (4 chars), 16 chars, or whole. Time per op is one full parse,
 * including the listener's text deltas; MB/s = 39,313 bytes / time, ns per chunk = time / number of
 * chunks (9,817, 2,455, 1). Run from the project root, with any JMH options after the name:
 * <pre>
 * bash scripts/bench.sh TagStreamParserBenchmark            # 3 warm-up + 5 measured seconds per chunk size
 * bash scripts/bench.sh TagStreamParserBenchmark -wi 1 -i 2  # shorter
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TagStreamParserBenchmark {

    /** Chunk length in chars; 0 feeds the whole text at once. */
    @Param({"4", "16", "0"})
    public int chunkSize;

    String[] chunks;

    @Setup
    public void load() throws IOException {
        String text = Fixtures.studentLoanTrajectoryText();
        int size = chunkSize == 0 ? text.length() : chunkSize;
        List<String> list = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            list.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        chunks = list.toArray(String[]::new);
    }

    @Benchmark
    public List<Section> parse(Blackhole bh) {
        TagStreamParser parser = new TagStreamParser(new SectionListener() {
            @Override
            public void onText(StepKind kind, String delta) {
                bh.consume(delta);
            }
        });
        for (String chunk : chunks) {
            parser.feed(chunk);
        }
        parser.finish();
        return parser.sections();
    }
}
