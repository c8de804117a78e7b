package io.github.deepanalyze.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Profiles JSON documents and JSON Lines files with Jackson's streaming parser. */
final class JsonProfiler {
    private static final int MAX_FIELDS = 200;

    private final ProfileOptions options;
    private final JsonFactory factory;

    JsonProfiler(ProfileOptions options, JsonFactory factory) {
        this.options = options;
        this.factory = factory;
    }

    DataProfile profile(Path path, long size, boolean lines) throws IOException {
        String name = String.valueOf(path.getFileName());
        Map<String, FieldStats> fields = new LinkedHashMap<>();
        DataProfile.Json.Shape shape = null;
        long records = 0;
        boolean estimated = false;
        try (InputStream in = Files.newInputStream(path); JsonParser p = factory.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new DataProfile.Unreadable(path, size, "json", List.of(name
                        + " holds no JSON value (only whitespace); export it again or remove it"));
            }
            if (!lines && t == JsonToken.START_ARRAY) {
                shape = DataProfile.Json.Shape.ARRAY;
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new IOException("the top-level array is not closed");
                    }
                    records++;
                    readRecord(p, e, fields, records <= options.maxRowsExamined());
                    if (byteOffset(p) > options.exactCountLimitBytes()) {
                        records = Math.round(records * ((double) size / byteOffset(p)));
                        estimated = true;
                        break;
                    }
                }
            } else if (!lines && t == JsonToken.START_OBJECT && !hasSecondValue(path, size)) {
                shape = DataProfile.Json.Shape.OBJECT;
                records = 1;
                readKeys(p, fields, options.exactCountLimitBytes());
            } else if (!lines && t.isScalarValue() && !hasSecondValue(path, size)) {
                shape = DataProfile.Json.Shape.SCALAR;
                records = 1;
            } else {
                shape = DataProfile.Json.Shape.LINES;
                JsonToken e = t;
                while (e != null) {
                    records++;
                    readRecord(p, e, fields, records <= options.maxRowsExamined());
                    if (byteOffset(p) > options.exactCountLimitBytes()) {
                        records = Math.round(records * ((double) size / byteOffset(p)));
                        estimated = true;
                        break;
                    }
                    e = p.nextToken();
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String problem = name + " is not valid JSON" + where + " (" + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "); fix the file, or give it a .txt extension so it is treated as text";
            if (records == 0 || shape == null) {
                return new DataProfile.Unreadable(path, size, "json", List.of(problem));
            }
            return new DataProfile.Json(path, size, shape, toFields(fields), records, true, List.of(problem));
        }
        return new DataProfile.Json(path, size, shape, toFields(fields), records, estimated, List.of());
    }

    /** Whether a document that starts with an object or scalar holds another top-level value (then it is JSON Lines). */
    private boolean hasSecondValue(Path path, long size) throws IOException {
        if (size > options.exactCountLimitBytes()) {
            return false; // too large to parse twice: take it as one document
        }
        try (InputStream in = Files.newInputStream(path); JsonParser p = factory.createParser(in)) {
            p.nextToken();
            p.skipChildren();
            return p.nextToken() != null;
        }
    }

    private static long byteOffset(JsonParser p) {
        long off = p.currentLocation().getByteOffset();
        return off < 0 ? p.currentLocation().getCharOffset() : off;
    }

    private static void readRecord(JsonParser p, JsonToken start, Map<String, FieldStats> fields, boolean examine)
            throws IOException {
        if (start != JsonToken.START_OBJECT || !examine) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            FieldStats s = fields.get(key);
            if (s == null && fields.size() < MAX_FIELDS) {
                s = new FieldStats();
                fields.put(key, s);
            }
            if (s != null) {
                s.occurrences++;
                s.types.add(kind(v));
            }
            p.skipChildren();
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected token " + t);
        }
    }

    /** The keys of a top-level object, stopping (keys incomplete) once {@code limit} bytes were read. */
    private static void readKeys(JsonParser p, Map<String, FieldStats> fields, long limit) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME && fields.size() < MAX_FIELDS) {
            String key = p.currentName();
            FieldStats s = fields.computeIfAbsent(key, k -> new FieldStats());
            s.occurrences++;
            s.types.add(kind(p.nextToken()));
            p.skipChildren();
            if (byteOffset(p) > limit) {
                return;
            }
        }
        if (t != JsonToken.END_OBJECT && t != JsonToken.FIELD_NAME) {
            throw new IOException("unexpected token " + t);
        }
    }

    private static String kind(JsonToken v) {
        return switch (v) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT -> "integer";
            case VALUE_NUMBER_FLOAT -> "decimal";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            default -> "other";
        };
    }

    private static List<JsonField> toFields(Map<String, FieldStats> fields) {
        List<JsonField> out = new ArrayList<>(fields.size());
        fields.forEach((k, s) -> out.add(new JsonField(k, List.copyOf(s.types), s.occurrences)));
        return out;
    }

    private static final class FieldStats {
        final Set<String> types = new LinkedHashSet<>();
        long occurrences;
    }
}
