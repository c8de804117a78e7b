/**
 * The bottom layer of the api: the values and exceptions that every SPI signature needs
 * ({@link io.github.deepanalyze.common.Cancellation}, {@link io.github.deepanalyze.common.TokenUsage},
 * {@link io.github.deepanalyze.common.Artifact}) and the unchecked exception family rooted at
 * {@link io.github.deepanalyze.common.DeepAnalyzeException}. It depends on {@code java.*} only; the SPI packages
 * ({@code model}, {@code execution}, {@code prompt}, {@code spi}) build on it and the root facade
 * ({@code io.github.deepanalyze}) sits on top, so no package here may name one above it.
 */
package io.github.deepanalyze.common;
