#!/bin/sh
# Starts PostgreSQL 15; the first start creates the cluster. Settings from the environment:
#   POSTGRES_PASSWORD_FILE  a mounted file holding the superuser's password (or POSTGRES_PASSWORD; one is required)
#   POSTGRES_USER           the superuser (default postgres)
#   POSTGRES_DB             a database made at the first start (default datasurface)
# Connections over the network need the password (scram-sha-256); the socket inside the container trusts its user.
set -eu
bin=/usr/lib/postgresql/15/bin
data=${PGDATA:-/var/lib/postgresql/data}
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-datasurface}
# the first start's last step writes .datasurface-made: a cluster without it was cut off while being made
if [ -s "$data/PG_VERSION" ] && [ ! -f "$data/.datasurface-made" ]; then
  echo "postgres: the cluster in $data was not finished by an earlier start; making it again" >&2
  find "$data" -mindepth 1 -delete
fi
if [ ! -s "$data/PG_VERSION" ]; then
  if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
    [ -r "$POSTGRES_PASSWORD_FILE" ] \
      || { echo "postgres: POSTGRES_PASSWORD_FILE=$POSTGRES_PASSWORD_FILE cannot be read" >&2; exit 1; }
    pwfile=$POSTGRES_PASSWORD_FILE
  elif [ -n "${POSTGRES_PASSWORD:-}" ]; then
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  else
    echo "postgres: set POSTGRES_PASSWORD_FILE (a mounted secret) or POSTGRES_PASSWORD to make the cluster" >&2
    exit 1
  fi
  "$bin/initdb" -D "$data" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  [ "$pwfile" = "${POSTGRES_PASSWORD_FILE:-}" ] || rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$data/pg_hba.conf"
  echo "host replication all all scram-sha-256" >>"$data/pg_hba.conf"
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\"" | "$bin/postgres" --single -D "$data" postgres >/dev/null
  fi
  touch "$data/.datasurface-made"
  echo "postgres: made the cluster in $data with database $db"
fi
exec "$bin/postgres" -D "$data" -c listen_addresses='*' -c wal_level=logical -c max_wal_senders=10 \
  -c max_replication_slots=10 -c unix_socket_directories=/var/run/postgresql
