#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, then builds and tests every module.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup-python.sh
bash scripts/setup-databases.sh
mvn -B -ntp verify "$@"
