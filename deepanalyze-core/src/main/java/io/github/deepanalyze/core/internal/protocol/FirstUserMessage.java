package io.github.deepanalyze.core.internal.protocol;

import io.github.deepanalyze.prompt.DataFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The first user message, byte for byte as the reference {@code prepare_vllm_messages} /
 * {@code collect_file_info} ({@code API/utils.py}) builds it. Stateless.
 */
final class FirstUserMessage {
    private FirstUserMessage() {
    }

    static String build(String question, List<DataFile> files) {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(files, "files");
        List<DataFile> sorted = new ArrayList<>(files.size());
        for (DataFile f : files) {
            sorted.add(Objects.requireNonNull(f, "files must not contain null"));
        }
        sorted.sort((a, b) -> PythonText.compareCodePoints(a.name(), b.name()));

        String instruction = PythonText.strip(question);
        StringBuilder out = new StringBuilder(64 + 64 * sorted.size());
        if (sorted.isEmpty()) {
            // the reference drops the newline too when the question is blank
            out.append("# Instruction");
            if (!instruction.isEmpty()) {
                out.append('\n').append(instruction);
            }
            return out.toString();
        }
        out.append("# Instruction\n").append(instruction).append("\n\n# Data\n");
        int index = 1;
        for (DataFile f : sorted) {
            out.append("File ").append(index++).append(":\n");
            // json.dumps({"name": ..., "size": ...}, indent=4, ensure_ascii=False)
            out.append("{\n    \"name\": ");
            PythonText.appendJsonString(out, f.name());
            out.append(",\n    \"size\": ");
            PythonText.appendJsonString(out, PythonText.kilobytes(f.sizeBytes()));
            out.append("\n}\n\n");
        }
        return out.toString();
    }
}
