#!/usr/bin/env bash
# Rewrites references to the deepanalyze-api types that moved when the api packages were untangled
# (issue 10, REVIEW-ARCHITECTURE.md §1.2):
#   io.github.deepanalyze.{Cancellation,TokenUsage,Artifact,DeepAnalyzeException,ConfigurationException,
#     ExecutorException,InvalidInputException,ModelException,AnalysisCancelledException}
#       -> io.github.deepanalyze.common.*
#   io.github.deepanalyze.spi.{AnalysisEngine,AnalystSettings} -> io.github.deepanalyze.*
#
# Usage: scripts/dev/untangle-api-imports.sh [FILE|DIR ...]   (default: every tracked file of the repository)
# Step 0 (no arguments only) moves the api sources once, skipped when already moved; the hand edits that
# came with the move (javadoc links, module-info) are in the same commit. The other steps only rewrite text.
# On another branch, after merging this one: scripts/dev/untangle-api-imports.sh deepanalyze-worker
# Idempotent: running it twice changes nothing the second time. It rewrites, in *.java, *.jsh, *.md,
# module-info.java and META-INF/services files:
#   1. fully qualified names (imports, javadoc {@link}/{@code}, module-info uses/provides, services entries);
#   2. Java files in package io.github.deepanalyze: drops same-package imports, adds
#      `import io.github.deepanalyze.common.X;` for each moved type X they name by simple name;
#   3. Java files in package io.github.deepanalyze.spi: adds `import io.github.deepanalyze.X;` for
#      AnalysisEngine / AnalystSettings named by simple name;
#   4. JShell scripts with `import io.github.deepanalyze.*;` also get `import io.github.deepanalyze.common.*;`;
#   5. in Java files it changed, sorts each contiguous run of `import io.github.deepanalyze.` lines;
#   6. renames META-INF/services/io.github.deepanalyze.spi.AnalysisEngine (git mv when tracked).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# 0. Move the types (once, only when run without arguments; skipped when already moved).
api=deepanalyze-api/src/main/java/io/github/deepanalyze
if [ "$#" -eq 0 ] && [ -f "$api/Cancellation.java" ]; then
  mkdir -p "$api/common"
  for t in Cancellation TokenUsage Artifact DeepAnalyzeException ConfigurationException ExecutorException \
           InvalidInputException ModelException AnalysisCancelledException; do
    git mv "$api/$t.java" "$api/common/$t.java"
    sed -i 's/^package io\.github\.deepanalyze;/package io.github.deepanalyze.common;/' "$api/common/$t.java"
  done
  for t in AnalysisEngine AnalystSettings; do
    git mv "$api/spi/$t.java" "$api/$t.java"
    sed -i 's/^package io\.github\.deepanalyze\.spi;/package io.github.deepanalyze;/' "$api/$t.java"
  done
  tests=deepanalyze-api/src/test/java/io/github/deepanalyze
  mkdir -p "$tests/common"
  git mv "$tests/CancellationTest.java" "$tests/common/CancellationTest.java"
  sed -i 's/^package io\.github\.deepanalyze;/package io.github.deepanalyze.common;/' "$tests/common/CancellationTest.java"
fi

if [ "$#" -eq 0 ]; then set -- .; fi
mapfile -t files < <(git ls-files -co --exclude-standard -- "$@" | grep -E '\.(java|jsh|md)$|META-INF/services/' || true)

for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  perl -0777 -i -pe '
    BEGIN { @common = qw(Cancellation TokenUsage Artifact DeepAnalyzeException ConfigurationException
                         ExecutorException InvalidInputException ModelException AnalysisCancelledException);
            @engine = qw(AnalysisEngine AnalystSettings);
            $c = join("|", @common); $e = join("|", @engine); }
    my $orig = $_;
    s/\bio\.github\.deepanalyze\.spi\.($e)\b/io.github.deepanalyze.$1/g;
    s/\bio\.github\.deepanalyze\.($c)\b/io.github.deepanalyze.common.$1/g;
    my $name = $ARGV;
    my @add;
    if ($name =~ /\.java$/ && /^package io\.github\.deepanalyze;/m) {
        s/^import io\.github\.deepanalyze\.[A-Z]\w*;\n//mg;          # same-package imports
        @add = map { "io.github.deepanalyze.common.$_" } @common;
    } elsif ($name =~ /\.java$/ && /^package io\.github\.deepanalyze\.spi;/m) {
        @add = map { "io.github.deepanalyze.$_" } @engine;
    }
    if (@add) {
        (my $body = $_) =~ s/^(?:package|import)\b.*\n//mg;
        for my $fqn (@add) {
            my ($simple) = $fqn =~ /(\w+)$/;
            next unless $body =~ /\b$simple\b/;
            next if /^import \Q$fqn\E;/m;
            next if /^(?:public\s+|final\s+|sealed\s+|abstract\s+)*(?:class|interface|record|enum)\s+$simple\b/m;
            my $line = "import $fqn;\n";
            my @plain = /^(import (?!static )[^\n]*\n)/mg;
            my ($after) = grep { $_ gt $line } @plain;
            if (defined $after) {                                   # before the first import sorting after it
                s/^\Q$after\E/$line$after/m;
            } elsif (@plain) {                                      # after the last plain import
                s/^\Q$plain[-1]\E/$plain[-1]$line/m;
            } elsif (my @static = /^(import static [^\n]*\n)/mg) { # a new group after the static imports
                s/^\Q$static[-1]\E/$static[-1]\n$line/m;
            } else {
                s/^(package [^\n]*\n)/$1\n$line/m;
            }
        }
    }
    if ($name =~ /\.jsh$/ && /^import io\.github\.deepanalyze\.\*;/m && !/^import io\.github\.deepanalyze\.common\.\*;/m) {
        s/^(import io\.github\.deepanalyze\.\*;\n)/$1import io.github.deepanalyze.common.*;\n/m;
    }
    # sort each contiguous run of io.github.deepanalyze imports (java sources this script changed only)
    if ($name =~ /\.java$/ && $_ ne $orig) {
        s{((?:^import io\.github\.deepanalyze\.[^\n]*\n)+)}{
            my %seen; join("", grep { !$seen{$_}++ } sort split(/^/m, $1))
        }mge;
    }
  ' "$f"
done

for f in $(git ls-files -co --exclude-standard -- "$@" | grep 'META-INF/services/io\.github\.deepanalyze\.spi\.AnalysisEngine$' || true); do
  target="$(dirname "$f")/io.github.deepanalyze.AnalysisEngine"
  if git ls-files --error-unmatch "$f" >/dev/null 2>&1; then git mv "$f" "$target"; else mv "$f" "$target"; fi
done
