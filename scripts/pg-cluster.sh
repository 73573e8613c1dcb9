#!/usr/bin/env bash
# A throwaway PostgreSQL cluster under var/, on a free loopback port, for tests and benchmarks.
#
#   scripts/pg-cluster.sh start NAME   initialise var/pg-NAME afresh, start it, print DATABASE_URL
#   scripts/pg-cluster.sh stop NAME    stop it and delete its files
#
# PostgreSQL refuses to run as root; when we are root the cluster runs as the `postgres` system
# user (created by Debian's postgresql package), and directories above var/ get the execute bit
# for others (traverse only, never read) if that user could not otherwise reach the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:?usage: pg-cluster.sh start|stop NAME}
name=${2:-test}
root_dir=$(pwd)/var/pg-$name
data=$root_dir/data
log=$root_dir/server.log

bindir=""
if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
  bindir=$(pg_config --bindir)
fi
if [[ -z $bindir ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
  echo "PostgreSQL server binaries not found (install Debian's 'postgresql' package)" >&2
  exit 1
fi

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case $action in
start)
  if [[ -f $data/postmaster.pid ]]; then
    as_pg "$bindir/pg_ctl" -D "$data" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$root_dir"
  mkdir -p "$root_dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$root_dir"
    dir=$root_dir
    while [[ $dir != / ]]; do
      dir=$(dirname "$dir")
      if ! runuser -u postgres -- test -x "$dir"; then
        chmod o+x "$dir"
      fi
    done
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$bindir/initdb" -D "$data" -U safehub -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$root_dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
CONF
  as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null
  as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U safehub safehub
  echo "postgres://safehub@127.0.0.1:$port/safehub"
  ;;
stop)
  if [[ -d $data ]]; then
    as_pg "$bindir/pg_ctl" -D "$data" stop -m fast >/dev/null 2>&1 || true
  fi
  rm -rf "$root_dir"
  ;;
*)
  echo "usage: pg-cluster.sh start|stop NAME" >&2
  exit 2
  ;;
esac
