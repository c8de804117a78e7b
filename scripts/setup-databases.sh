#!/usr/bin/env bash
# Installs the PostgreSQL and MariaDB servers (Debian packages) that the JdbcSnapshot tests start on
# loopback, each in its own temporary data directory. Idempotent: does nothing when both are present.
# The tests never use the packages' own services (they start throwaway servers on random ports).
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v mariadb-install-db >/dev/null \
   && command -v mariadbd >/dev/null && id postgres >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "PostgreSQL or MariaDB is missing and this script is not root: run" >&2
  echo "  sudo apt-get install postgresql mariadb-server" >&2
  exit 1
fi
echo "Installing the PostgreSQL and MariaDB servers (Debian packages)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql mariadb-server >/dev/null
ls /usr/lib/postgresql/*/bin/initdb && mariadbd --version
