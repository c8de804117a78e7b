package io.github.deepanalyze.data;

import java.util.List;
import java.util.Objects;

/**
 * A key seen in the JSON records examined and the value kinds it held.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the key
 * @param valueTypes the JSON value kinds seen, in first-seen order: {@code string}, {@code integer},
 *     {@code decimal}, {@code boolean}, {@code null}, {@code object}, {@code array}
 * @param occurrences in how many of the records examined the key appeared
 */
public record JsonField(String name, List<String> valueTypes, long occurrences) {
    public JsonField {
        Objects.requireNonNull(name, "name");
        valueTypes = List.copyOf(valueTypes);
    }
}
