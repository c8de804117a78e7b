package io.github.deepanalyze.core.internal.protocol;

import java.util.Objects;

/**
 * Finds the program in the body of a {@code <Code>} section, exactly as the reference does
 * ({@code extract_code_from_segment} in {@code API/utils.py}, and {@code deepanalyze.py}):
 *
 * <ol>
 *   <li>Strip the body of surrounding whitespace (Python {@code str.strip()}, which also removes
 *       e.g. U+00A0 and U+3000).</li>
 *   <li>Search it for the first match of {@code ```(?:python)?(.*?)```} (dot matches newlines): the
 *       first {@code ```}, then {@code python} if it follows immediately (case-sensitive), then
 *       everything up to the next {@code ```}.</li>
 *   <li>If there is a match, the program is that content, stripped; otherwise it is the stripped
 *       body (so an unclosed fence is returned with its {@code ```python} line, as the reference
 *       does).</li>
 * </ol>
 *
 * Consequences worth knowing: a fence tagged {@code ```py} yields a program starting with
 * {@code py}; a body with several fenced blocks yields only the first. Stateless and thread-safe;
 * arguments must be non-null.
 */
public final class CodeBlocks {
    private static final String FENCE = "```";
    private static final String PYTHON = "python";

    private CodeBlocks() {
    }

    /**
     * The program to run for a {@code <Code>} section body.
     *
     * @throws NullPointerException if {@code codeSectionBody} is null
     */
    public static String extract(String codeSectionBody) {
        Objects.requireNonNull(codeSectionBody, "codeSectionBody");
        String body = PythonText.strip(codeSectionBody);
        int open = body.indexOf(FENCE);
        if (open < 0) {
            return body;
        }
        int start = open + FENCE.length();
        if (body.startsWith(PYTHON, start)) {
            start += PYTHON.length();
        }
        int close = body.indexOf(FENCE, start);
        if (close < 0) {
            return body;
        }
        return PythonText.strip(body.substring(start, close));
    }

    /**
     * Whether the body is a single {@code ```python} fenced block, as the reward of the model's RL
     * training requires ({@code check_valid_code_block}): the stripped body starts with
     * {@code ```python} and ends with {@code ```}.
     *
     * @throws NullPointerException if {@code codeSectionBody} is null
     */
    public static boolean isPythonFenced(String codeSectionBody) {
        Objects.requireNonNull(codeSectionBody, "codeSectionBody");
        String body = PythonText.strip(codeSectionBody);
        return body.startsWith(FENCE + PYTHON) && body.endsWith(FENCE);
    }
}
