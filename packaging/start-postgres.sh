#!/usr/bin/env bash
# Makes sure a local PostgreSQL server is running on loopback with a superuser role for the tests, then
# prints the connection URL (and only that) on stdout; everything else goes to stderr. Safe to run again
# and again: a running cluster is left alone, an existing role is only brought back to the expected state.
#
# Works as root in a container without systemd (pg_ctlcluster then starts the server with pg_ctl itself)
# and as a user with sudo. Uses Debian's postgresql-common: the newest installed server version, cluster
# "main" (created when missing).
#
#   url=$(packaging/start-postgres.sh) && export MIRROR_TEST_PG_URL=$url
#
# Exit status: 0 running and ready, 2 no PostgreSQL server installed, 1 anything else went wrong.
# Environment: MIRROR_TEST_PG_ROLE / MIRROR_TEST_PG_PASSWORD (default mirror_test / mirror_test),
#              MIRROR_TEST_PG_CLUSTER (default main), MIRROR_TEST_PG_WAIT seconds (default 60).
set -euo pipefail

role=${MIRROR_TEST_PG_ROLE:-mirror_test}
password=${MIRROR_TEST_PG_PASSWORD:-mirror_test}
cluster=${MIRROR_TEST_PG_CLUSTER:-main}
wait_seconds=${MIRROR_TEST_PG_WAIT:-60}

log() { printf 'start-postgres: %s\n' "$*" >&2; }
die() {
    log "$*"
    exit 1
}

# The role name and password end up inside SQL and a URL; keep them to characters that need no quoting.
[[ $role =~ ^[a-z_][a-z0-9_]*$ ]] || die "role name '$role' must match [a-z_][a-z0-9_]*"
[[ $password =~ ^[A-Za-z0-9_.-]+$ ]] || die "password must match [A-Za-z0-9_.-]+"

if ! command -v pg_lsclusters >/dev/null || ! command -v pg_ctlcluster >/dev/null; then
    log "postgresql-common is not installed (packaging/install-deps.sh --test installs it)"
    exit 2
fi

# Newest server version installed; the server binary, not just the client, has to be there.
version=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2>/dev/null |
    sed -E 's#^/usr/lib/postgresql/([^/]+)/bin/postgres$#\1#' | sort -V | tail -n 1)
if [[ -z $version ]]; then
    log "no PostgreSQL server is installed (packaging/install-deps.sh --test installs it)"
    exit 2
fi

# Commands that must run as the cluster owner (postgres). As root, runuser needs no password or PAM
# session; otherwise fall back to sudo. cd / first so psql does not complain about an unreadable cwd.
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && sudo -u postgres -- "$@")
    fi
}
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    else
        sudo -- "$@"
    fi
}

# pg_lsclusters -h prints: version cluster port status owner datadir logfile
cluster_field() {
    pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v c="$cluster" -v f="$1" '$1 == v && $2 == c { print $f }'
}

if [[ -z $(cluster_field 1) ]]; then
    log "creating PostgreSQL $version cluster '$cluster'"
    # C.UTF-8 is built into Debian 12's glibc; the caller's locale may not be generated on a bare machine.
    as_root pg_createcluster --locale C.UTF-8 "$version" "$cluster" >&2 ||
        die "pg_createcluster $version $cluster failed"
fi

port=$(cluster_field 3)
status=$(cluster_field 4)
logfile=$(cluster_field 7)
[[ -n $port ]] || die "cannot read the port of cluster $version/$cluster from pg_lsclusters"

if [[ $status == online* ]]; then
    log "PostgreSQL $version/$cluster already running on port $port"
else
    log "starting PostgreSQL $version/$cluster on port $port"
    # A server killed with its machine leaves postmaster.pid behind; the server itself removes a stale one
    # when the pid in it is not running, so a plain start is enough.
    if ! as_root pg_ctlcluster "$version" "$cluster" start >&2; then
        if [[ -n $logfile && -r $logfile ]]; then
            log "last lines of $logfile:"
            tail -n 20 "$logfile" >&2 || true
        fi
        die "pg_ctlcluster $version $cluster start failed"
    fi
fi

# pg_ctlcluster returns once the socket exists; wait until TCP on loopback accepts connections too,
# because the tests connect over TCP.
ready=0
for ((i = 0; i < wait_seconds * 2; i++)); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then
        ready=1
        break
    fi
    sleep 0.5
done
if ((ready == 0)); then
    die "PostgreSQL did not accept connections on 127.0.0.1:$port within ${wait_seconds}s" \
        "(listen_addresses must include localhost)"
fi

# Create or repair the test role over the local socket (peer authentication as postgres). Debian's
# pg_hba.conf asks for a password on 127.0.0.1 (scram-sha-256), so the role gets one rather than the
# configuration being loosened.
as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres >&2 <<SQL || die "could not create role $role"
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '$role') THEN
        CREATE ROLE $role;
    END IF;
END
\$\$;
ALTER ROLE $role WITH LOGIN SUPERUSER PASSWORD '$password';
SQL

url="postgresql://$role:$password@127.0.0.1:$port/postgres"

# Prove the URL works the way the tests will use it: TCP, password authentication.
if ! PGPASSWORD=$password psql -X -q -w -h 127.0.0.1 -p "$port" -U "$role" -d postgres -tAc 'SELECT 1' >/dev/null; then
    die "role $role cannot log in over 127.0.0.1:$port (check pg_hba.conf of $version/$cluster)"
fi

log "ready: $role@127.0.0.1:$port (superuser)"
printf '%s\n' "$url"
