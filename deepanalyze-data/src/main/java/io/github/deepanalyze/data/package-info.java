/**
 * Data inputs on the Java side, no model needed.
 *
 * <ul>
 *   <li>{@link io.github.deepanalyze.data.DataProfiles} / {@link io.github.deepanalyze.data.DataProfiler}:
 *       a typed {@link io.github.deepanalyze.data.DataProfile} of a CSV/TSV, Excel, SQLite, JSON/JSONL,
 *       text or other file, built from a bounded sample; bad files carry problems instead of throwing.</li>
 *   <li>{@link io.github.deepanalyze.data.SchemaGroundedPrompt}: an opt-in prompt profile that adds each
 *       file's profile to the reference {@code # Data} section, for general instruction models. The
 *       default for DeepAnalyze-8B stays the reference layout, which sends no schema.</li>
 *   <li>{@link io.github.deepanalyze.data.JdbcSnapshot}: copies tables and queries of a live database
 *       into an SQLite file, so model code never touches the database.</li>
 * </ul>
 *
 * <p>Everything public here is immutable and thread-safe unless its javadoc says otherwise (builders),
 * and no method accepts or returns null.
 */
package io.github.deepanalyze.data;
