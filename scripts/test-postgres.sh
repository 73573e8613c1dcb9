#!/usr/bin/env bash
# Run the whole pytest suite against a throwaway PostgreSQL cluster, then remove it.
set -euo pipefail
cd "$(dirname "$0")/.."
url=$(scripts/pg-cluster.sh start test)
trap 'scripts/pg-cluster.sh stop test' EXIT
echo "PostgreSQL test cluster at $url"
DATABASE_URL=$url .venv/bin/pytest "$@"
