# Sourced by the benchmark scripts: the database the app under test runs on, chosen by DATABASE (sqlite, the default,
# or postgres). use_database WORK PORT exports Database__Provider and ConnectionStrings__Timeline for a SQLite file in
# WORK, or for a throwaway PostgreSQL server (Debian's, installed with apt-get where missing) in WORK/pg on PORT, and
# sets $engine to name it; stop_database stops that server (call it from the script's EXIT trap).
# PostgreSQL refuses to run as root: as root, the server runs as the postgres user.
database="${DATABASE:-sqlite}"
as_pg="" pg_bin="" pg_data=""

use_database() {
  local work=$1 port=$2
  if [ "$database" != postgres ]; then
    export ConnectionStrings__Timeline="Data Source=$work/timeline.db"
    engine="SQLite"
    return
  fi

  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; then
    local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -q > /dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends postgresql > /dev/null
  fi
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  pg_data="$work/pg/data"
  mkdir -p "$work/pg"
  # The server's user must reach its folder through WORK (mktemp makes it private).
  if [ "$(id -u)" -eq 0 ]; then chmod o+x "$work"; chown -R postgres:postgres "$work/pg"; as_pg="runuser -u postgres --"; fi
  $as_pg "$pg_bin/initdb" -D "$pg_data" -U timeline --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
  $as_pg "$pg_bin/pg_ctl" start -w -D "$pg_data" -l "$work/pg/server.log" -o "-h 127.0.0.1 -p $port -k $work/pg -c max_connections=300" > /dev/null
  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timeline timeline
  export Database__Provider=postgres ConnectionStrings__Timeline="Host=127.0.0.1;Port=$port;Username=timeline;Database=timeline"
  engine="PostgreSQL $("$pg_bin/postgres" --version | awk '{ print $3 }')"
}

stop_database() {
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    $as_pg "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast > /dev/null || true
  fi
}
