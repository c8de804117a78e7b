package io.github.deepanalyze.data;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;

/**
 * How {@link JdbcSnapshot} copies a JDBC column into SQLite: the SQLite column type, the
 * {@link ColumnType} reported in the result, and how one value is read from the source and bound
 * into the insert. Integers and booleans (0/1) become {@code INTEGER}; decimals without a fraction
 * that fit in a {@code long} {@code INTEGER} (larger ones their plain text); other numbers
 * {@code REAL}; dates, times and timestamps ISO-8601 {@code TEXT} (the driver's string when it cannot
 * convert); binary {@code BLOB}; everything else {@code TEXT}. SQL NULL stays NULL.
 *
 * <p>Immutable (an enum), so thread-safe. Arguments must not be null.
 */
enum SqliteColumnKind {
    INTEGER("INTEGER"), BOOLEAN("INTEGER"), EXACT("INTEGER"), REAL("REAL"), DATE("TEXT"), TIME("TEXT"),
    TIMESTAMP("TEXT"), TIMESTAMP_TZ("TEXT"), BLOB("BLOB"), TEXT("TEXT");

    /** SQLite's own datetime layout; fractional seconds only when there are any. */
    private static final DateTimeFormatter SQLITE_DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT);

    private final String sqliteType;

    SqliteColumnKind(String sqliteType) {
        this.sqliteType = sqliteType;
    }

    /** The kind for a column of {@link java.sql.Types} {@code jdbcType} with the given precision and scale. */
    static SqliteColumnKind of(int jdbcType, int precision, int scale) {
        return of(jdbcType, "", precision, scale);
    }

    /**
     * As {@link #of(int, int, int)}, with the driver's type name: PostgreSQL reports {@code timestamptz} as
     * {@code TIMESTAMP}, and an unsigned {@code BIGINT} or a {@code NUMERIC(p,0)} with p > 18 may exceed a {@code long} (copied as exact {@code TEXT}).
     */
    static SqliteColumnKind of(int jdbcType, String typeName, int precision, int scale) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("timestamptz") || name.contains("with time zone")) {
            return TIMESTAMP_TZ;
        }
        // SQLite's INTEGER affinity would round digits beyond a long to a REAL: keep them as exact TEXT
        if (jdbcType == Types.BIGINT && name.contains("unsigned")
                || (jdbcType == Types.NUMERIC || jdbcType == Types.DECIMAL) && scale == 0 && precision > 18) {
            return TEXT;
        }
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.BIT, Types.BOOLEAN -> BOOLEAN;
            case Types.NUMERIC, Types.DECIMAL -> scale == 0 && precision > 0 ? EXACT : REAL;
            case Types.FLOAT, Types.REAL, Types.DOUBLE -> REAL;
            case Types.DATE -> DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> TIME;
            case Types.TIMESTAMP -> TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BLOB;
            default -> TEXT;
        };
    }

    /** The SQLite column type: {@code INTEGER}, {@code REAL}, {@code TEXT} or {@code BLOB}. */
    String sqliteType() {
        return sqliteType;
    }

    /** The type reported in {@link SnapshotResult}. */
    ColumnType columnType() {
        return switch (this) {
            case INTEGER, EXACT -> ColumnType.INTEGER;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case REAL -> ColumnType.DECIMAL;
            case DATE -> ColumnType.DATE;
            case TIMESTAMP, TIMESTAMP_TZ -> ColumnType.DATETIME;
            case BLOB -> ColumnType.BINARY;
            case TIME, TEXT -> ColumnType.TEXT;
        };
    }

    /** Reads column {@code i} of the current row of {@code rs} and binds it as parameter {@code i} of {@code ps}. */
    void bind(PreparedStatement ps, int i, ResultSet rs) throws SQLException {
        switch (this) {
            case INTEGER -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) {
                    ps.setNull(i, Types.INTEGER);
                } else {
                    ps.setLong(i, v);
                }
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) {
                    ps.setNull(i, Types.INTEGER);
                } else {
                    ps.setInt(i, v ? 1 : 0);
                }
            }
            case EXACT -> {
                BigDecimal v = rs.getBigDecimal(i);
                if (v == null) {
                    ps.setNull(i, Types.INTEGER);
                } else {
                    try {
                        ps.setLong(i, v.longValueExact());
                    } catch (ArithmeticException tooBig) {
                        ps.setString(i, v.toPlainString());
                    }
                }
            }
            case REAL -> {
                double v = rs.getDouble(i);
                if (rs.wasNull()) {
                    ps.setNull(i, Types.REAL);
                } else {
                    ps.setDouble(i, v);
                }
            }
            case DATE -> ps.setString(i, temporal(rs, i, LocalDate.class));
            case TIME -> ps.setString(i, temporal(rs, i, LocalTime.class));
            case TIMESTAMP -> {
                LocalDateTime v = object(rs, i, LocalDateTime.class);
                ps.setString(i, v == null ? rs.getString(i) : SQLITE_DATETIME.format(v));
            }
            case TIMESTAMP_TZ -> {
                // UTC in SQLite's layout with an explicit offset, which pandas.to_datetime parses
                OffsetDateTime v = object(rs, i, OffsetDateTime.class);
                ps.setString(i, v == null ? rs.getString(i)
                        : SQLITE_DATETIME.format(v.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime()) + "+00:00");
            }
            case BLOB -> {
                byte[] v = rs.getBytes(i);
                if (v == null) {
                    ps.setNull(i, Types.BLOB);
                } else {
                    ps.setBytes(i, v);
                }
            }
            case TEXT -> ps.setString(i, rs.getString(i));
        }
    }

    private static String temporal(ResultSet rs, int i, Class<?> type) throws SQLException {
        Object v = object(rs, i, type);
        return v == null ? rs.getString(i) : v.toString();
    }

    /** The value as {@code type}, or null when it is null or the driver cannot convert (then the caller uses its string). */
    private static <T> T object(ResultSet rs, int i, Class<T> type) throws SQLException {
        try {
            return rs.getObject(i, type);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }
}
