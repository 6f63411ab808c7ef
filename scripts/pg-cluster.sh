#!/usr/bin/env bash
# Throwaway PostgreSQL clusters for the tests and benchmarks: source this file, then
#
#   pg_start NAME [postgres -c options…]   # initdb + start; sets PG_<NAME>_URL, PG_<NAME>_DIR, PG_<NAME>_PORT
#   pg_standby NAME PRIMARY               # a streaming hot standby of PRIMARY (pg_basebackup -R),
#                                         # application_name: NAME in lowercase
#   pg_kill NAME                          # SIGKILL the postmaster (a crash)
#   pg_promote NAME                       # promote a standby
#
# Each cluster lives in a temporary directory (owned by the `postgres` user: initdb refuses
# root), listens on a free TCP port on 127.0.0.1 and on a Unix socket in that directory, and
# trusts local connections. `pg_cleanup` (installed as an EXIT trap by the first pg_start)
# stops every cluster and removes its directory, also when the script fails.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
PG_CLUSTERS=()

pg_as() { runuser -u postgres -- "$@"; }

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_cleanup() {
  local dir
  for dir in "${PG_CLUSTERS[@]}"; do
    pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  done
  PG_CLUSTERS=()
}

# pg_vars NAME PORT DIR: the variables of a cluster.
pg_vars() {
  local name=$1 port=$2 dir=$3
  printf -v "PG_${name}_PORT" '%s' "$port"
  printf -v "PG_${name}_DIR" '%s' "$dir"
  printf -v "PG_${name}_URL" 'postgresql://postgres@127.0.0.1:%s/postgres' "$port"
  export "PG_${name}_PORT" "PG_${name}_DIR" "PG_${name}_URL"
}

# pg_new_dir: a new cluster directory in PG_NEW_DIR, removed by pg_cleanup.
pg_new_dir() {
  PG_NEW_DIR=$(mktemp -d /tmp/userstore-pg.XXXXXX)
  chown postgres: "$PG_NEW_DIR"
  [ ${#PG_CLUSTERS[@]} -gt 0 ] || { trap pg_cleanup EXIT; trap "exit 130" INT TERM; }
  PG_CLUSTERS+=("$PG_NEW_DIR")
}

pg_run() {
  local dir=$1 port=$2
  shift 2
  pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null
}

pg_start() {
  local name=$1
  shift
  [ -n "$PG_BIN" ] || { echo "pg-cluster: PostgreSQL is not installed (scripts/setup.sh installs it)" >&2; return 1; }
  local dir port
  pg_new_dir
  dir=$PG_NEW_DIR
  port=$(pg_free_port)
  pg_as "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  # Replication connections from this host, for a standby.
  echo "host replication postgres 127.0.0.1/32 trust" >>"$dir/data/pg_hba.conf"
  pg_run "$dir" "$port" -c max_connections=300 -c wal_level=replica -c max_wal_senders=5 "$@"
  pg_vars "$name" "$port" "$dir"
}

pg_standby() {
  local name=$1 primary=$2
  shift 2
  local pport_var="PG_${primary}_PORT"
  local dir port
  pg_new_dir
  dir=$PG_NEW_DIR
  port=$(pg_free_port)
  pg_as "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "${!pport_var}" -U postgres -D "$dir/data" -R -X stream \
    -c fast >/dev/null
  # The standby's name (lowercase), for the primary's synchronous_standby_names.
  echo "primary_conninfo = 'host=127.0.0.1 port=${!pport_var} user=postgres application_name=${name,,}'" \
    >>"$dir/data/postgresql.auto.conf"
  pg_run "$dir" "$port" -c max_connections=300 -c hot_standby=on "$@"
  pg_vars "$name" "$port" "$dir"
}

pg_kill() {
  local dir_var="PG_${1}_DIR"
  local pid
  pid=$(head -n1 "${!dir_var}/data/postmaster.pid")
  kill -KILL "$pid"
}

pg_promote() {
  local dir_var="PG_${1}_DIR"
  pg_as "$PG_BIN/pg_ctl" -D "${!dir_var}/data" -w promote >/dev/null
}
