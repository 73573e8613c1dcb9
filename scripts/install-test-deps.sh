#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (Playwright drives /usr/bin/chromium; no
# browser is ever downloaded), the PostgreSQL server, and a Java runtime for PySpark's local
# mode (the linkage engine's Spark backend). Installed only when absent.
set -euo pipefail
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if ((${#need[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
