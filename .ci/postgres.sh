#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests and prints the lines to source:
#   eval "$(bash .ci/postgres.sh start <folder>)"   ->  BYOC_POSTGRES_URL, BYOC_POSTGRES_FOLDER
#   bash .ci/postgres.sh stop <folder>
# The server gets its own data folder, a free port on 127.0.0.1, and a role with a password (TCP
# logins use scram). Installs Debian's postgresql package first when no server is on the machine.
# initdb and pg_ctl refuse to run as root, so as root they run as the postgres user.
set -euo pipefail

action=${1:?start or stop}
folder=${2:?a folder for the server}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ] && command -v pg_ctl >/dev/null 2>&1; then found=$(dirname "$(command -v pg_ctl)"); fi
  echo "$found"
}

case "$action" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      echo "PostgreSQL is not installed; installing Debian's package" >&2
      if [ "$(id -u)" = 0 ]; then
        apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
      else
        sudo apt-get update >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
      fi
      bin=$(find_bin)
    fi
    mkdir -p "$folder"
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$folder"
      if ! runuser -u postgres -- test -x "$folder"; then
        echo "The postgres user cannot reach $folder; make its parent folders traversable (chmod 755)." >&2
        exit 1
      fi
    fi
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
    port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$bin/initdb" -D "$folder/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >&2
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
      -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off" start >&2
    as_owner "$bin/psql" -h "$folder" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE byoc LOGIN PASSWORD '$password'" -c "CREATE DATABASE byoc_test OWNER byoc" >&2
    echo "export BYOC_POSTGRES_URL=postgres://byoc:$password@127.0.0.1:$port/byoc_test"
    echo "export BYOC_POSTGRES_FOLDER=$folder"
    ;;
  stop)
    bin=$(find_bin)
    if [ -n "$bin" ] && [ -d "$folder/data" ]; then as_owner "$bin/pg_ctl" -D "$folder/data" -m fast stop >&2 || true; fi
    ;;
  *)
    echo "usage: $0 start|stop <folder>" >&2
    exit 2
    ;;
esac
