#!/usr/bin/env bash
# Plumbline real-peers harness: real NetBox 4.7 and two real Nautobot 3.2 instances on 127.0.0.1.
#
#   peers.sh up      install (first time, cached), migrate (template databases), start, verify
#   peers.sh down    stop everything, unmount the NetBox root's /proc and /dev
#   peers.sh reset   empty, migrated databases again (from the template databases), restart
#   peers.sh status  print what runs and whether each API answers
#
# Exit codes: 0 ok; 1 a real failure; 3 peers unavailable on this machine (no root, no
# debootstrap, no PostgreSQL or Redis reachable, mount/chroot refused).
# See docs/peers.md.
set -Eeuo pipefail

readonly EXIT_UNAVAILABLE=3
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
STATE=${PEERS_STATE_DIR:-$REPO/.peers}
STATE_OWN=$STATE
PEERS_JSON=${PEERS_JSON:-$REPO/peers.json}
CACHE=${PEERS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/peers}

NETBOX_VERSION=${PEERS_NETBOX_VERSION:-4.7.3}
NAUTOBOT_VERSION=${PEERS_NAUTOBOT_VERSION:-3.2.7}
DEBIAN_SUITE=trixie
NETBOX_PYTHON=python3.13

NETBOX_PORT=${PEERS_NETBOX_PORT:-18001}
NAUTOBOT_PRODUCTION_PORT=${PEERS_NAUTOBOT_PRODUCTION_PORT:-18002}
NAUTOBOT_DISCOVERY_PORT=${PEERS_NAUTOBOT_DISCOVERY_PORT:-18003}
WEB_WORKERS=${PEERS_WEB_WORKERS:-3}
START_TIMEOUT=${PEERS_START_TIMEOUT:-240}

PG_HOST=${PEERS_PG_HOST:-127.0.0.1}
PG_PORT=${PEERS_PG_PORT:-5432}
PG_USER=${PEERS_PG_USER:-postgres}
# Address on this machine that webhooks can target: Nautobot 3.2 refuses loopback webhook
# URLs unconditionally, so the harness puts this address on a veth link of its own
# (RFC 2544 benchmarking range: not loopback, not private, not blocked). "none" disables.
WEBHOOK_ADDRESS=${PEERS_WEBHOOK_ADDRESS:-198.18.0.1}
WEBHOOK_LINK=plpeers0
REDIS_HOST=${PEERS_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${PEERS_REDIS_PORT:-6379}
export PGHOST=$PG_HOST PGPORT=$PG_PORT PGUSER=$PG_USER PGDATABASE=postgres

# Databases and Redis database numbers, one set per peer.
DB_NETBOX=plumbline_peer_netbox
DB_NAUTOBOT_PRODUCTION=plumbline_peer_nautobot_production
DB_NAUTOBOT_DISCOVERY=plumbline_peer_nautobot_discovery
TPL_NETBOX=plumbline_peer_tpl_netbox
TPL_NAUTOBOT=plumbline_peer_tpl_nautobot
REDIS_NETBOX_TASKS=10
REDIS_NETBOX_CACHE=11
REDIS_NAUTOBOT_PRODUCTION_CACHE=12
REDIS_NAUTOBOT_PRODUCTION_CELERY=13
REDIS_NAUTOBOT_DISCOVERY_CACHE=14
REDIS_NAUTOBOT_DISCOVERY_CELERY=15

NB_ROOT=$CACHE/netbox-root            # the Debian trixie root (debootstrap)
NB_INSTANCE=/opt/netbox               # NETBOX_ROOT, inside the root
NB_VENV=/opt/netbox/venv              # inside the root
NA_DIR=$CACHE/nautobot
NA_VENV=$NA_DIR/venv
NA_STATIC=$NA_DIR/static
STAMPS=$CACHE/stamps
DUMPS=$CACHE/templates
LOGS=$STATE/logs
PIDS=$STATE/pids
NAUTOBOT_INSTANCES=(production discovery)

T0=$(date +%s)
T0_MS=$(($(date +%s%N) / 1000000))
log() { # elapsed seconds with tenths
  local ms=$(($(date +%s%N) / 1000000 - T0_MS))
  printf 'peers [%3d.%ds] %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$*" >&2
}
die() { printf 'peers: FAILED: %s\n' "$*" >&2; exit 1; }
unavailable() { printf 'peers: UNAVAILABLE here: %s\n' "$*" >&2; exit "$EXIT_UNAVAILABLE"; }

tail_log() { # file [lines]
  local f=$1 n=${2:-40}
  if [[ -f $f ]]; then
    printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
    grep -v "^WARNING: Location 'file://" "$f" | tail -n "$n" >&2 || true
    printf -- '-----\n' >&2
  fi
}

# ---------------------------------------------------------------------------------------
# Preflight
# ---------------------------------------------------------------------------------------

host_python() {
  local p
  for p in ${PEERS_HOST_PYTHON:-} python3.11 python3; do
    [[ -n $p ]] || continue
    if command -v "$p" >/dev/null 2>&1 &&
      "$p" -c 'import sys, venv; sys.exit(0 if (3, 10) <= sys.version_info[:2] < (3, 15) else 1)' 2>/dev/null; then
      command -v "$p"
      return 0
    fi
  done
  return 1
}

preflight() {
  [[ $(uname -s) == Linux ]] || unavailable "needs Linux (debootstrap, chroot), this is $(uname -s)"
  [[ $(id -u) == 0 ]] || unavailable "needs root: the NetBox peer runs in a Debian root made with debootstrap and entered with chroot and mount"
  local tool
  for tool in psql pg_dump pg_restore redis-cli curl flock setsid chroot mount umount; do
    command -v "$tool" >/dev/null 2>&1 || unavailable "'$tool' is not installed"
  done
  psql -X -Atqc 'select 1' >/dev/null 2>&1 ||
    unavailable "PostgreSQL is not reachable at $PG_HOST:$PG_PORT as $PG_USER (trust auth expected)"
  [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] ||
    unavailable "Redis is not reachable at $REDIS_HOST:$REDIS_PORT"
  local dbs
  dbs=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config get databases 2>/dev/null | tail -n1)
  [[ ${dbs:-16} -ge 16 ]] || unavailable "Redis has only $dbs databases; the peers use numbers 10-15"
  HOST_PY=$(host_python) || unavailable "no host Python 3.10-3.14 with venv for Nautobot"
}

ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || unavailable "debootstrap is missing and there is no apt-get to install it"
  log "installing debootstrap with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >"$LOGS/apt-debootstrap.log" 2>&1; then
    apt-get update -q >>"$LOGS/apt-debootstrap.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >>"$LOGS/apt-debootstrap.log" 2>&1 || {
      tail_log "$LOGS/apt-debootstrap.log" 20
      unavailable "debootstrap is missing and apt-get could not install it"
    }
  fi
}

# One lock per cache (machine-wide like the databases, ports and the veth link), and the
# peers' state (pids, logs) stays with the checkout that started them: another checkout of
# the repository (CI's fresh clone, say) adopts the running peers instead of fighting them.
take_lock() {
  mkdir -p "$CACHE" "$STAMPS" "$DUMPS"
  exec 9>"$CACHE/lock"
  if ! flock -n 9; then
    log "another peers command holds $CACHE/lock; waiting"
    flock -w 1800 9 || die "timed out waiting for $CACHE/lock"
  fi
  local owner f alive=0
  owner=$(cat "$CACHE/owner" 2>/dev/null || true)
  if [[ -n $owner && $owner != "$STATE" && -d $owner/pids ]]; then
    for f in "$owner"/pids/*.pid; do
      [[ -e $f ]] && group_alive "$(cat "$f")" && alive=1
    done
    if ((alive)); then
      log "the peers were started from $owner; using its state (pids, logs) there"
      STATE=$owner LOGS=$owner/logs PIDS=$owner/pids
    fi
  fi
  mkdir -p "$STATE" "$LOGS" "$PIDS"
}

# ---------------------------------------------------------------------------------------
# Secrets: generated once per cache, so tokens survive template databases and resets.
# ---------------------------------------------------------------------------------------

load_secrets() {
  local f=$CACHE/secrets.env
  if [[ ! -s $f ]]; then
    log "generating secrets in $f"
    (umask 077 && "$HOST_PY" - >"$f.tmp" <<'EOF'
import secrets, string
alnum = string.ascii_letters + string.digits
def rnd(n, chars=alnum): return ''.join(secrets.choice(chars) for _ in range(n))
print(f"PEERS_ADMIN_USER=admin")
print(f"PEERS_ADMIN_PASSWORD={rnd(24)}")
print(f"PEERS_NETBOX_SECRET_KEY={rnd(60)}")
print(f"PEERS_NETBOX_PEPPER={rnd(64)}")
print(f"PEERS_NETBOX_V2_KEY={rnd(12)}")
print(f"PEERS_NETBOX_V2_SECRET={rnd(40)}")
print(f"PEERS_NETBOX_V1_TOKEN={secrets.token_hex(20)}")
print(f"PEERS_NAUTOBOT_SECRET_KEY={rnd(60)}")
print(f"PEERS_NAUTOBOT_TOKEN={secrets.token_hex(20)}")
EOF
    ) && mv "$f.tmp" "$f"
  fi
  set -a
  # shellcheck disable=SC1090
  . "$f"
  set +a
  SECRETS_HASH=$(sha256sum "$f" | cut -c1-10)
  NETBOX_TOKEN="nbt_${PEERS_NETBOX_V2_KEY}.${PEERS_NETBOX_V2_SECRET}"
  KEY_NETBOX="netbox-$NETBOX_VERSION-$SECRETS_HASH"
  KEY_NAUTOBOT="nautobot-$NAUTOBOT_VERSION-$SECRETS_HASH"
}

# ---------------------------------------------------------------------------------------
# NetBox root (Debian trixie, Python 3.13) and its mounts
# ---------------------------------------------------------------------------------------

is_mounted() { awk -v p="$1" '$2 == p { found = 1 } END { exit !found }' /proc/mounts; }

mount_root() { # dir
  local r=$1
  if ! is_mounted "$r/proc"; then
    mount -t proc proc "$r/proc" 2>"$LOGS/mount.log" ||
      unavailable "mounting /proc in the NetBox root was refused: $(cat "$LOGS/mount.log")"
  fi
  if ! is_mounted "$r/dev"; then
    mount --rbind /dev "$r/dev" 2>"$LOGS/mount.log" ||
      unavailable "bind-mounting /dev in the NetBox root was refused: $(cat "$LOGS/mount.log")"
    mount --make-rslave "$r/dev" 2>/dev/null || true
  fi
}

umount_root() { # dir
  local r=$1
  if is_mounted "$r/dev"; then umount -R "$r/dev" 2>/dev/null || umount -R -l "$r/dev" || true; fi
  if is_mounted "$r/proc"; then umount "$r/proc" 2>/dev/null || umount -l "$r/proc" || true; fi
}

mounted_below() { awk -v p="$1/" 'index($2, p) == 1 { found = 1 } END { exit !found }' /proc/mounts; }

safe_rm_root() { # never delete a tree that still has /dev or /proc bound into it
  local r=$1
  [[ -e $r ]] || return 0
  umount_root "$r"
  mounted_below "$r" && die "refusing to delete $r: something is still mounted below it"
  rm -rf --one-file-system "$r"
}

copy_host_config_into_root() { # dir
  local r=$1 f
  mkdir -p "$r/etc/ssl/certs"
  cp -L /etc/resolv.conf "$r/etc/resolv.conf"
  cp -L /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/ca-certificates.crt"
  # The host's pip configuration, at the same places inside (the host's ~ is /root inside).
  for f in /etc/pip.conf /etc/xdg/pip/* "$HOME/.config/pip/pip.conf" "$HOME/.pip/pip.conf" ${PIP_CONFIG_FILE:+"$PIP_CONFIG_FILE"}; do
    [[ -f $f ]] || continue
    local dest=$f
    [[ $f == "$HOME"/* ]] && dest=/root${f#"$HOME"}
    mkdir -p "$r$(dirname "$dest")"
    cp -L "$f" "$r$dest"
  done
}

# Environment for commands inside the root: a clean one, plus the host's PIP_* settings.
root_env() {
  local v
  ROOT_ENV=("PATH=$NB_VENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 "NETBOX_ROOT=$NB_INSTANCE")
  while IFS= read -r v; do
    case $v in PIP_CERT | PIP_CACHE_DIR | PIP_CONFIG_FILE) continue ;; esac
    ROOT_ENV+=("$v=${!v}")
  done < <(compgen -e | grep '^PIP_' || true)
  [[ -n ${PIP_CONFIG_FILE:-} ]] && ROOT_ENV+=("PIP_CONFIG_FILE=${PIP_CONFIG_FILE/#$HOME//root}")
  ROOT_ENV+=(PIP_CERT=/etc/ssl/certs/ca-certificates.crt PIP_CACHE_DIR=/var/cache/plumbline-pip)
}

in_root() { chroot "$NB_ROOT" /usr/bin/env -i "${ROOT_ENV[@]}" "$@"; }

install_netbox() {
  local stamp=$STAMPS/netbox-root-$DEBIAN_SUITE stage=$CACHE/netbox-root.new
  local lg=$LOGS/install-netbox.log
  root_env
  if [[ ! -f $stamp || ! -x $NB_ROOT/usr/bin/$NETBOX_PYTHON ]]; then
    ensure_debootstrap
    log "netbox: debootstrap $DEBIAN_SUITE (minbase, $NETBOX_PYTHON) into $NB_ROOT"
    safe_rm_root "$stage"
    safe_rm_root "$NB_ROOT"
    rm -f "$STAMPS"/netbox-*
    nice -n 10 debootstrap --variant=minbase --include="$NETBOX_PYTHON,$NETBOX_PYTHON-venv,ca-certificates" \
      "$DEBIAN_SUITE" "$stage" >"$lg" 2>&1 || { tail_log "$lg"; die "debootstrap failed"; }
    copy_host_config_into_root "$stage"
    mount_root "$stage"
    # psycopg[c] (a NetBox requirement) builds against libpq: compiler and headers in the root.
    log "netbox: apt-get install gcc libpq-dev $NETBOX_PYTHON-dev inside the root"
    if ! chroot "$stage" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive \
      sh -c "apt-get update -q && nice -n 10 apt-get install -y -q --no-install-recommends gcc libc6-dev libpq-dev $NETBOX_PYTHON-dev && apt-get clean" \
      >>"$lg" 2>&1; then
      umount_root "$stage"
      tail_log "$lg"
      die "apt-get inside the NetBox root failed"
    fi
    umount_root "$stage"
    mv "$stage" "$NB_ROOT"
    touch "$stamp"
  fi
  copy_host_config_into_root "$NB_ROOT"
  mount_root "$NB_ROOT"
  local vstamp=$STAMPS/netbox-venv-$NETBOX_VERSION
  if [[ ! -f $vstamp ]]; then
    log "netbox: pip install netbox==$NETBOX_VERSION into $NB_VENV (inside the root)"
    rm -rf "${NB_ROOT:?}$NB_VENV"
    if ! in_root sh -c "$NETBOX_PYTHON -m venv $NB_VENV && nice -n 10 $NB_VENV/bin/pip install --no-input netbox==$NETBOX_VERSION" >>"$lg" 2>&1; then
      tail_log "$lg"
      die "pip install netbox==$NETBOX_VERSION failed inside the NetBox root"
    fi
    touch "$vstamp"
  fi
}

install_nautobot() {
  local pyv vstamp
  pyv=$("$HOST_PY" -c 'import sys; print("py%d.%d" % sys.version_info[:2])')
  vstamp=$STAMPS/nautobot-venv-$NAUTOBOT_VERSION-$pyv
  local lg=$LOGS/install-nautobot.log
  if [[ ! -f $vstamp || ! -x $NA_VENV/bin/nautobot-server ]]; then
    log "nautobot: pip install nautobot==$NAUTOBOT_VERSION into $NA_VENV ($("$HOST_PY" -V))"
    rm -rf "$NA_VENV"
    mkdir -p "$NA_DIR"
    if ! { "$HOST_PY" -m venv "$NA_VENV" &&
      PIP_CACHE_DIR=$CACHE/pip nice -n 10 "$NA_VENV/bin/pip" install --no-input "nautobot==$NAUTOBOT_VERSION"; } >"$lg" 2>&1; then
      tail_log "$lg"
      die "pip install nautobot==$NAUTOBOT_VERSION failed"
    fi
    touch "$vstamp"
  fi
}

# ---------------------------------------------------------------------------------------
# Configuration (rewritten on every start; cheap)
# ---------------------------------------------------------------------------------------

write_netbox_config() {
  local conf=$NB_ROOT$NB_INSTANCE/conf
  mkdir -p "$conf" "$NB_ROOT$NB_INSTANCE/media"
  : >"$conf/__init__.py"
  cat >"$conf/configuration.py" <<EOF
# Written by scripts/peers/peers.sh; rewritten on every start.
import os

ALLOWED_HOSTS = ['*']
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': os.environ.get('PEERS_DB_NAME', '$DB_NETBOX'),
        'USER': '$PG_USER',
        'PASSWORD': '',
        'HOST': '$PG_HOST',
        'PORT': '$PG_PORT',
        'CONN_MAX_AGE': 300,
        # peers:reset swaps the database under running workers: reconnect, don't fail.
        'CONN_HEALTH_CHECKS': True,
    }
}
REDIS = {
    'tasks': {'HOST': '$REDIS_HOST', 'PORT': $REDIS_PORT, 'USERNAME': '', 'PASSWORD': '',
              'DATABASE': $REDIS_NETBOX_TASKS, 'SSL': False},
    'caching': {'HOST': '$REDIS_HOST', 'PORT': $REDIS_PORT, 'USERNAME': '', 'PASSWORD': '',
                'DATABASE': $REDIS_NETBOX_CACHE, 'SSL': False},
}
SECRET_KEY = '$PEERS_NETBOX_SECRET_KEY'
API_TOKEN_PEPPERS = {1: '$PEERS_NETBOX_PEPPER'}
TIME_ZONE = 'UTC'
CENSUS_REPORTING_ENABLED = False
ISOLATED_DEPLOYMENT = True
EOF
}

nautobot_root() { echo "$NA_DIR/$1"; }
nautobot_db() { [[ $1 == production ]] && echo "$DB_NAUTOBOT_PRODUCTION" || echo "$DB_NAUTOBOT_DISCOVERY"; }
nautobot_port() { [[ $1 == production ]] && echo "$NAUTOBOT_PRODUCTION_PORT" || echo "$NAUTOBOT_DISCOVERY_PORT"; }
nautobot_redis_cache() { [[ $1 == production ]] && echo "$REDIS_NAUTOBOT_PRODUCTION_CACHE" || echo "$REDIS_NAUTOBOT_DISCOVERY_CACHE"; }
nautobot_redis_celery() { [[ $1 == production ]] && echo "$REDIS_NAUTOBOT_PRODUCTION_CELERY" || echo "$REDIS_NAUTOBOT_DISCOVERY_CELERY"; }

write_nautobot_config() { # instance
  local inst=$1 root
  root=$(nautobot_root "$inst")
  mkdir -p "$root/media" "$root/git" "$root/jobs" "$NA_STATIC"
  cat >"$root/nautobot_config.py" <<EOF
# Written by scripts/peers/peers.sh for the "$inst" instance; rewritten on every start.
import os

from nautobot.core.settings import *  # noqa: F401,F403

ALLOWED_HOSTS = ["*"]
SECRET_KEY = "$PEERS_NAUTOBOT_SECRET_KEY"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PEERS_DB_NAME", "$(nautobot_db "$inst")"),
        "USER": "$PG_USER",
        "PASSWORD": "",
        "HOST": "$PG_HOST",
        "PORT": "$PG_PORT",
        "CONN_MAX_AGE": 300,
        # peers:reset swaps the database under running workers: reconnect, don't fail.
        "CONN_HEALTH_CHECKS": True,
    }
}
CACHES["default"]["LOCATION"] = "redis://$REDIS_HOST:$REDIS_PORT/$(nautobot_redis_cache "$inst")"  # noqa: F405
CELERY_BROKER_URL = "redis://$REDIS_HOST:$REDIS_PORT/$(nautobot_redis_celery "$inst")"
CELERY_WORKER_HEARTBEAT_FILE = "$root/celery_worker_heartbeat"
CELERY_WORKER_READINESS_FILE = "$root/celery_worker_ready"
CELERY_BEAT_HEARTBEAT_FILE = "$root/celery_beat_heartbeat"
STATIC_ROOT = "$NA_STATIC"
INSTALLATION_METRICS_ENABLED = False
TIME_ZONE = "UTC"
# Plumbline listens on loopback; Nautobot blocks webhooks to loopback unless allowed here.
WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1", "localhost", "::1"]
EOF
  cat >"$root/uwsgi.ini" <<EOF
; Written by scripts/peers/peers.sh; rewritten on every start.
[uwsgi]
http = 127.0.0.1:$(nautobot_port "$inst")
master = true
vacuum = true
die-on-term = true
need-app = true
processes = $WEB_WORKERS
threads = 2
enable-threads = true
harakiri = 120
max-requests = 5000
buffer-size = 16384
static-map = /static=$NA_STATIC
disable-logging = true
log-4xx = true
log-5xx = true
EOF
}

nautobot_env() { # instance
  local root
  root=$(nautobot_root "$1")
  NA_ENV=("PATH=$NA_VENV/bin:/usr/local/bin:/usr/bin:/bin" "HOME=$HOME" LANG=C.UTF-8 LC_ALL=C.UTF-8
    "NAUTOBOT_ROOT=$root" "NAUTOBOT_CONFIG=$root/nautobot_config.py")
}
in_nautobot() { local inst=$1; shift; nautobot_env "$inst"; env -i "${NA_ENV[@]}" "$@"; }

# ---------------------------------------------------------------------------------------
# Databases
# ---------------------------------------------------------------------------------------

sql() { psql -X -Atq -v ON_ERROR_STOP=1 -c "$1"; }
db_exists() { [[ $(sql "select 1 from pg_database where datname = '$1'") == 1 ]]; }
db_key() { sql "select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = '$1'"; }
drop_db() {
  if db_exists "$1"; then
    sql "alter database \"$1\" is_template false" >/dev/null
    sql "drop database \"$1\" with (force)" >/dev/null
  fi
}
clone_db() { # template target key
  # DROP DATABASE forces a checkpoint (seconds to tens of seconds on a busy disk), so the old
  # database is renamed out of the way and dropped later (drop_trash), off the critical path.
  if db_exists "$2"; then
    local trash i
    trash=${2}__trash_$(date +%s%N)
    sql "alter database \"$2\" is_template false" >/dev/null
    for i in 1 2 3 4 5 6 7 8 9 10; do
      sql "select pg_terminate_backend(pid) from pg_stat_activity where datname = '$2'" >/dev/null
      sql "alter database \"$2\" rename to \"$trash\"" >/dev/null 2>&1 && break
      ((i < 10)) || drop_db "$2"
      sleep 0.2
    done
  fi
  sql "create database \"$2\" template \"$1\"" >/dev/null
  sql "comment on database \"$2\" is '$3'" >/dev/null
}
trash_dbs() { sql "select datname from pg_database where datname like 'plumbline\\_peer\\_%\\_\\_trash\\_%'"; }
drop_trash() { # in the background by default; "wait" to do it now
  local dbs
  dbs=$(trash_dbs)
  [[ -n $dbs ]] || return 0
  if [[ ${1:-} == wait ]]; then
    local db
    for db in $dbs; do sql "drop database if exists \"$db\" with (force)" >/dev/null; done
  else
    # shellcheck disable=SC2016,SC2086 # $db expands in the inner shell; $dbs splits on purpose
    setsid bash -c 'for db in "$@"; do psql -X -Atq -c "drop database if exists \"$db\" with (force)"; done' \
      drop-trash $dbs >>"$LOGS/drop-trash.log" 2>&1 </dev/null 9>&- &
  fi
}
seal_template() { # db key
  sql "comment on database \"$1\" is '$2'" >/dev/null
  sql "alter database \"$1\" is_template true" >/dev/null
}

flush_redis() { local n; for n in "$@"; do redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$n" flushdb >/dev/null; done; }

# Template database: present with the right key, else restored from the cached dump, else built.
ensure_template_netbox() {
  local tpl=$TPL_NETBOX key=$KEY_NETBOX dump=$DUMPS/$KEY_NETBOX.dump lg=$LOGS/template-netbox.log
  db_exists "$tpl" && [[ $(db_key "$tpl") == "$key" ]] && return 0
  drop_db "$tpl"
  if [[ -s $dump ]]; then
    log "netbox: restoring template database from $dump"
    sql "create database \"$tpl\"" >/dev/null
    pg_restore --no-owner -d "$tpl" "$dump" >"$lg" 2>&1 || { tail_log "$lg"; die "pg_restore of $dump failed"; }
  else
    log "netbox: migrating a new template database (first run only; takes minutes)"
    sql "create database \"$tpl\"" >/dev/null
    flush_redis "$REDIS_NETBOX_TASKS" "$REDIS_NETBOX_CACHE"
    if ! in_root env PEERS_DB_NAME="$tpl" nice -n 10 netbox upgrade --no-input --skip-static >"$lg" 2>&1; then
      tail_log "$lg"
      die "netbox: migrating the template database failed"
    fi
    cp "$SCRIPT_DIR/bootstrap_netbox.py" "$NB_ROOT$NB_INSTANCE/bootstrap_netbox.py"
    if ! in_root env PEERS_DB_NAME="$tpl" PEERS_ADMIN_USER="$PEERS_ADMIN_USER" PEERS_ADMIN_PASSWORD="$PEERS_ADMIN_PASSWORD" \
      PEERS_NETBOX_V2_KEY="$PEERS_NETBOX_V2_KEY" PEERS_NETBOX_V2_SECRET="$PEERS_NETBOX_V2_SECRET" \
      PEERS_NETBOX_V1_TOKEN="$PEERS_NETBOX_V1_TOKEN" python "$NB_INSTANCE/bootstrap_netbox.py" >>"$lg" 2>&1; then
      tail_log "$lg"
      die "netbox: creating the admin user and tokens failed"
    fi
    rm -f "$DUMPS"/netbox-*.dump
    pg_dump -Fc -d "$tpl" -f "$dump.tmp" && mv "$dump.tmp" "$dump"
  fi
  seal_template "$tpl" "$key"
}

ensure_template_nautobot() {
  local tpl=$TPL_NAUTOBOT key=$KEY_NAUTOBOT dump=$DUMPS/$KEY_NAUTOBOT.dump lg=$LOGS/template-nautobot.log
  db_exists "$tpl" && [[ $(db_key "$tpl") == "$key" ]] && return 0
  drop_db "$tpl"
  if [[ -s $dump ]]; then
    log "nautobot: restoring template database from $dump"
    sql "create database \"$tpl\"" >/dev/null
    pg_restore --no-owner -d "$tpl" "$dump" >"$lg" 2>&1 || { tail_log "$lg"; die "pg_restore of $dump failed"; }
  else
    log "nautobot: migrating a new template database (first run only; takes minutes)"
    sql "create database \"$tpl\"" >/dev/null
    # Built with the production instance's configuration; both instances are cloned from it.
    if ! in_nautobot production env PEERS_DB_NAME="$tpl" nice -n 10 nautobot-server post_upgrade \
      --no-collectstatic --no-send-installation-metrics >"$lg" 2>&1; then
      tail_log "$lg"
      die "nautobot: migrating the template database failed"
    fi
    if ! in_nautobot production env PEERS_DB_NAME="$tpl" PEERS_ADMIN_USER="$PEERS_ADMIN_USER" \
      PEERS_ADMIN_PASSWORD="$PEERS_ADMIN_PASSWORD" PEERS_NAUTOBOT_TOKEN="$PEERS_NAUTOBOT_TOKEN" \
      python "$SCRIPT_DIR/bootstrap_nautobot.py" >>"$lg" 2>&1; then
      tail_log "$lg"
      die "nautobot: creating the admin user and token failed"
    fi
    rm -f "$DUMPS"/nautobot-*.dump
    pg_dump -Fc -d "$tpl" -f "$dump.tmp" && mv "$dump.tmp" "$dump"
  fi
  seal_template "$tpl" "$key"
}

collectstatic() {
  local s=$STAMPS/netbox-static-$NETBOX_VERSION
  if [[ ! -f $s ]]; then
    log "netbox: collectstatic"
    in_root netbox collectstatic --no-input >"$LOGS/collectstatic-netbox.log" 2>&1 ||
      { tail_log "$LOGS/collectstatic-netbox.log"; die "netbox collectstatic failed"; }
    touch "$s"
  fi
  s=$STAMPS/nautobot-static-$NAUTOBOT_VERSION
  if [[ ! -f $s ]]; then
    log "nautobot: collectstatic"
    in_nautobot production nautobot-server collectstatic --no-input >"$LOGS/collectstatic-nautobot.log" 2>&1 ||
      { tail_log "$LOGS/collectstatic-nautobot.log"; die "nautobot collectstatic failed"; }
    touch "$s"
  fi
}

# ---------------------------------------------------------------------------------------
# Webhook address: a veth pair owned by the harness, the address on one end.
# ---------------------------------------------------------------------------------------

WEBHOOK_HOST=
ensure_webhook_link() {
  WEBHOOK_HOST=
  [[ $WEBHOOK_ADDRESS == none ]] && return 0
  command -v ip >/dev/null 2>&1 || { log "no 'ip' command: webhookHost left empty"; return 0; }
  if ! ip -o addr show dev "$WEBHOOK_LINK" 2>/dev/null | grep -qF " $WEBHOOK_ADDRESS/"; then
    ip link del "$WEBHOOK_LINK" >/dev/null 2>&1 || true
    if ! { ip link add "$WEBHOOK_LINK" type veth peer name "${WEBHOOK_LINK%0}1" &&
      ip addr add "$WEBHOOK_ADDRESS/32" dev "$WEBHOOK_LINK" &&
      ip link set "$WEBHOOK_LINK" up && ip link set "${WEBHOOK_LINK%0}1" up; } >"$LOGS/webhook-link.log" 2>&1; then
      log "could not add $WEBHOOK_ADDRESS on a veth link ($(tr '\n' ' ' <"$LOGS/webhook-link.log")): webhookHost left empty"
      ip link del "$WEBHOOK_LINK" >/dev/null 2>&1 || true
      return 0
    fi
  fi
  WEBHOOK_HOST=$WEBHOOK_ADDRESS
}

remove_webhook_link() {
  command -v ip >/dev/null 2>&1 || return 0
  ip link del "$WEBHOOK_LINK" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------
# Processes: each in its own session / process group, pid file = group id.
# ---------------------------------------------------------------------------------------

PEERS=(netbox nautobot-production nautobot-discovery)

pid_of() { [[ -f $PIDS/$1.pid ]] && cat "$PIDS/$1.pid"; }
group_alive() { kill -0 -- "-$1" 2>/dev/null; }
proc_alive() { local p; p=$(pid_of "$1") && [[ -n $p ]] && group_alive "$p"; }

start_proc() { # name cmd...
  local name=$1; shift
  local lg=$LOGS/$name.log
  [[ -f $lg ]] && mv -f "$lg" "$lg.1"
  # 9>&-: the long-running processes must not inherit the harness's lock.
  setsid "$@" >"$lg" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDS/$name.pid"
  echo "$STATE" >"$CACHE/owner"
}

stop_procs() { # names...
  local name pid pids=() deadline
  for name in "$@"; do
    pid=$(pid_of "$name") || continue
    if [[ -n $pid ]] && group_alive "$pid"; then
      kill "-${STOP_SIGNAL:-TERM}" -- "-$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  deadline=$(($(date +%s) + 30))
  for pid in ${pids[@]+"${pids[@]}"}; do
    while group_alive "$pid" && (($(date +%s) < deadline)); do sleep 0.2; done
    if group_alive "$pid"; then
      log "process group $pid did not stop in time; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  for name in "$@"; do rm -f "$PIDS/$name.pid" "$PIDS/$name.config"; done
}

roles() { echo "$1-web $1-worker"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

peer_port() {
  case $1 in
    netbox) echo "$NETBOX_PORT" ;;
    nautobot-production) echo "$NAUTOBOT_PRODUCTION_PORT" ;;
    nautobot-discovery) echo "$NAUTOBOT_DISCOVERY_PORT" ;;
  esac
}
peer_auth() {
  case $1 in
    netbox) echo "Bearer $NETBOX_TOKEN" ;;
    *) echo "Token $PEERS_NAUTOBOT_TOKEN" ;;
  esac
}
peer_db() {
  case $1 in
    netbox) echo "$DB_NETBOX" ;;
    nautobot-*) nautobot_db "${1#nautobot-}" ;;
  esac
}
peer_tpl() { [[ $1 == netbox ]] && echo "$TPL_NETBOX" || echo "$TPL_NAUTOBOT"; }
peer_key() { [[ $1 == netbox ]] && echo "$KEY_NETBOX" || echo "$KEY_NAUTOBOT"; }
peer_redis() {
  case $1 in
    netbox) echo "$REDIS_NETBOX_TASKS $REDIS_NETBOX_CACHE" ;;
    nautobot-*) echo "$(nautobot_redis_cache "${1#nautobot-}") $(nautobot_redis_celery "${1#nautobot-}")" ;;
  esac
}

status_json() { # peer -> prints the /api/status/ body, fails if not 200
  curl -fsS --max-time 10 -H "Authorization: $(peer_auth "$1")" -H 'Accept: application/json' \
    "http://127.0.0.1:$(peer_port "$1")/api/status/"
}

peer_healthy() { # all processes alive and the API answers with the token
  local r
  for r in $(roles "$1"); do proc_alive "$r" || return 1; done
  status_json "$1" >/dev/null 2>&1
}

config_hash() { # peer
  case $1 in
    netbox) cat "$NB_ROOT$NB_INSTANCE/conf/configuration.py" ;;
    nautobot-*) cat "$(nautobot_root "${1#nautobot-}")"/{nautobot_config.py,uwsgi.ini} ;;
  esac 2>/dev/null | sha256sum | cut -c1-16
}

start_web() {
  local peer=$1 port
  port=$(peer_port "$peer")
  port_busy "$port" && die "$peer: port $port on 127.0.0.1 is already taken by another program (set PEERS_*_PORT to move it)"
  case $peer in
    netbox)
      root_env
      # --preload: the app is imported once in the master; workers are forks of it, so a
      # HUP (peers:reset) gives fresh workers in a moment.
      start_proc netbox-web chroot "$NB_ROOT" /usr/bin/env -i "${ROOT_ENV[@]}" \
        gunicorn --chdir "$NB_INSTANCE" --bind "127.0.0.1:$port" --workers "$WEB_WORKERS" --threads 3 \
        --timeout 120 --max-requests 5000 --max-requests-jitter 500 --preload \
        --access-logfile - netbox.wsgi
      ;;
    nautobot-*)
      local inst=${peer#nautobot-}
      nautobot_env "$inst"
      start_proc "$peer-web" env -i "${NA_ENV[@]}" nautobot-server start --ini "$(nautobot_root "$inst")/uwsgi.ini"
      ;;
  esac
  config_hash "$peer" >"$PIDS/$peer-web.config"
}

start_worker() {
  local peer=$1
  case $peer in
    netbox)
      root_env
      start_proc netbox-worker chroot "$NB_ROOT" /usr/bin/env -i "${ROOT_ENV[@]}" \
        netbox rqworker high default low
      ;;
    nautobot-*)
      local inst=${peer#nautobot-}
      nautobot_env "$inst"
      start_proc "$peer-worker" env -i "${NA_ENV[@]}" nautobot-server celery worker --loglevel INFO \
        --concurrency 2 -n "peers-$inst@%h"
      ;;
  esac
}

start_peer() { start_web "$1"; start_worker "$1"; }

# Fresh web workers without re-importing the app: gunicorn (--preload) and uWSGI (app loaded
# in the master) fork new workers from their master, which never served a request; waits
# until the old workers are gone.
recycle_web() { # peer
  local peer=$1 master old=() p deadline
  master=$(pid_of "$peer-web")
  mapfile -t old < <(pgrep -P "$master" || true)
  if [[ $peer == nautobot-* ]]; then # leave uWSGI's HTTP router (also a child) alone
    local router
    router=$(sed -n 's/^spawned uWSGI http 1 (pid: \([0-9]*\)).*/\1/p' "$LOGS/$peer-web.log" | tail -n1)
    [[ -n $router ]] || die "$peer: cannot find uWSGI's HTTP router pid in $LOGS/$peer-web.log"
    mapfile -t old < <(printf '%s\n' "${old[@]}" | grep -vx "$router")
  fi
  # The old workers are killed outright (their data is being discarded); a graceful reload
  # took 3-10 s here. Both masters fork replacements at once.
  ((${#old[@]})) && { kill -KILL "${old[@]}" 2>/dev/null || true; }
  deadline=$(($(date +%s) + 30))
  local gone=0 need=${#old[@]}
  while ((gone < need)) && (($(date +%s) < deadline)); do
    gone=0
    for p in ${old[@]+"${old[@]}"}; do kill -0 "$p" 2>/dev/null || gone=$((gone + 1)); done
    ((gone < need)) && sleep 0.1
  done
  ((gone >= need)) || die "$peer: old web workers still running 30 s after the reload"
  log "$peer: web workers recycled"
}

# Background workers are ready when they say so in their logs.
wait_workers() { # peers...
  local peer pattern deadline=$(($(date +%s) + START_TIMEOUT))
  for peer in "$@"; do
    [[ $peer == netbox ]] && pattern='Listening on' || pattern=' ready\.'
    until grep -q "$pattern" "$LOGS/$peer-worker.log" 2>/dev/null; do
      if ! proc_alive "$peer-worker"; then
        tail_log "$LOGS/$peer-worker.log" 60
        die "$peer: background worker exited during start-up"
      fi
      (($(date +%s) < deadline)) || { tail_log "$LOGS/$peer-worker.log" 60; die "$peer: background worker not ready within ${START_TIMEOUT}s"; }
      sleep 0.2
    done
  done
}

# Fetch /api/status/ of several peers in parallel into $STATE/status-PEER.json; prints the
# names of those that answered. (Nautobot's status takes about a second: it pings Celery.)
poll_status() { # peers...
  local peer pids=()
  for peer in "$@"; do
    rm -f "$STATE/status-$peer.json"
    (status_json "$peer" >"$STATE/status-$peer.json.tmp" 2>/dev/null &&
      mv "$STATE/status-$peer.json.tmp" "$STATE/status-$peer.json") &
    pids+=($!)
  done
  wait "${pids[@]}" 2>/dev/null || true
  for peer in "$@"; do [[ -s $STATE/status-$peer.json ]] && echo "$peer"; done
  return 0
}

wait_healthy() { # peers...
  local peer r deadline=$(($(date +%s) + START_TIMEOUT)) pending=("$@") next answered
  while ((${#pending[@]})); do
    for peer in "${pending[@]}"; do
      for r in $(roles "$peer"); do
        if ! proc_alive "$r"; then
          tail_log "$LOGS/$r.log" 60
          die "$peer: $r exited during start-up (log above: $LOGS/$r.log)"
        fi
      done
    done
    answered=" $(poll_status "${pending[@]}" | tr '\n' ' ') "
    next=()
    for peer in "${pending[@]}"; do
      if [[ $answered == *" $peer "* ]]; then
        log "$peer: API answers on http://127.0.0.1:$(peer_port "$peer")/api/status/"
      else
        next+=("$peer")
      fi
    done
    pending=(${next[@]+"${next[@]}"})
    ((${#pending[@]})) || break
    if (($(date +%s) >= deadline)); then
      for peer in "${pending[@]}"; do tail_log "$LOGS/$peer-web.log" 60; done
      die "did not answer GET /api/status/ with the token within ${START_TIMEOUT}s: ${pending[*]}"
    fi
    sleep 0.5
  done
}

# Live database: a clone of the template, recreated if the template changed.
ensure_live_db() {
  local peer=$1 db tpl key
  db=$(peer_db "$peer") tpl=$(peer_tpl "$peer") key=$(peer_key "$peer")
  if ! db_exists "$db" || [[ $(db_key "$db") != "$key" ]]; then
    log "$peer: creating database $db from template $tpl"
    clone_db "$tpl" "$db" "$key"
    # shellcheck disable=SC2046
    flush_redis $(peer_redis "$peer")
  fi
}

write_peers_json() {
  local nb_status na_p_status na_d_status peer
  for peer in "${PEERS[@]}"; do # fresh from wait_healthy/peer_healthy, else fetched now
    if [[ ! -s $STATE/status-$peer.json ]] || (($(date +%s) - $(stat -c %Y "$STATE/status-$peer.json") > 60)); then
      poll_status "${PEERS[@]}" >/dev/null
      break
    fi
  done
  for peer in "${PEERS[@]}"; do
    [[ -s $STATE/status-$peer.json ]] || die "$peer: GET /api/status/ does not answer"
  done
  nb_status=$(cat "$STATE/status-netbox.json")
  na_p_status=$(cat "$STATE/status-nautobot-production.json")
  na_d_status=$(cat "$STATE/status-nautobot-discovery.json")
  NB_STATUS=$nb_status NA_P_STATUS=$na_p_status NA_D_STATUS=$na_d_status \
    PEERS_JSON="$PEERS_JSON" CACHE="$CACHE" NETBOX_TOKEN="$NETBOX_TOKEN" \
    NETBOX_PORT="$NETBOX_PORT" NAUTOBOT_PRODUCTION_PORT="$NAUTOBOT_PRODUCTION_PORT" \
    NAUTOBOT_DISCOVERY_PORT="$NAUTOBOT_DISCOVERY_PORT" \
    DB_NETBOX="$DB_NETBOX" DB_NAUTOBOT_PRODUCTION="$DB_NAUTOBOT_PRODUCTION" DB_NAUTOBOT_DISCOVERY="$DB_NAUTOBOT_DISCOVERY" \
    WEBHOOK_HOST="$WEBHOOK_HOST" REDIS_NB="$(peer_redis netbox)" REDIS_NP="$(peer_redis nautobot-production)" REDIS_ND="$(peer_redis nautobot-discovery)" \
    "$HOST_PY" - <<'EOF'
import json, os, datetime
e = os.environ
admin = {"username": e["PEERS_ADMIN_USER"], "password": e["PEERS_ADMIN_PASSWORD"]}
def redis(v): return [int(x) for x in v.split()]
nb = json.loads(e["NB_STATUS"])
def nautobot(name, port, db, red, status):
    s = json.loads(status)
    return {
        "kind": "nautobot", "name": name,
        "url": f"http://127.0.0.1:{port}",
        "token": e["PEERS_NAUTOBOT_TOKEN"],
        "authorization": f"Token {e['PEERS_NAUTOBOT_TOKEN']}",
        "version": s.get("nautobot-version"),
        "pythonVersion": s.get("python-version"),
        "database": db, "redisDatabases": redis(red), "admin": admin,
    }
doc = {
    "generatedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "cacheDir": e["CACHE"],
    # Address on this machine (not loopback) that both peers deliver webhooks to: listen on it.
    "webhookHost": e["WEBHOOK_HOST"] or None,
    "peers": {
        "netbox": {
            "kind": "netbox", "name": "netbox",
            "url": f"http://127.0.0.1:{e['NETBOX_PORT']}",
            "token": e["NETBOX_TOKEN"], "tokenVersion": 2,
            "authorization": f"Bearer {e['NETBOX_TOKEN']}",
            "tokenV1": e["PEERS_NETBOX_V1_TOKEN"],
            "authorizationV1": f"Token {e['PEERS_NETBOX_V1_TOKEN']}",
            "version": nb.get("netbox-version"),
            "pythonVersion": nb.get("python-version"),
            "database": e["DB_NETBOX"], "redisDatabases": redis(e["REDIS_NB"]), "admin": admin,
        },
        "nautobotProduction": nautobot("nautobot-production", e["NAUTOBOT_PRODUCTION_PORT"],
                                       e["DB_NAUTOBOT_PRODUCTION"], e["REDIS_NP"], e["NA_P_STATUS"]),
        "nautobotDiscovery": nautobot("nautobot-discovery", e["NAUTOBOT_DISCOVERY_PORT"],
                                      e["DB_NAUTOBOT_DISCOVERY"], e["REDIS_ND"], e["NA_D_STATUS"]),
    },
}
path = e["PEERS_JSON"]
old = os.umask(0o077)
with open(path + ".tmp", "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
os.umask(old)
os.replace(path + ".tmp", path)
print(json.dumps(doc, indent=2))
EOF
}

print_summary() {
  log "peers up in $(($(date +%s) - T0))s; details in $PEERS_JSON"
  printf '  netbox               http://127.0.0.1:%s  Authorization: Bearer %s\n' "$NETBOX_PORT" "$NETBOX_TOKEN" >&2
  printf '  nautobot-production  http://127.0.0.1:%s  Authorization: Token %s\n' "$NAUTOBOT_PRODUCTION_PORT" "$PEERS_NAUTOBOT_TOKEN" >&2
  printf '  nautobot-discovery   http://127.0.0.1:%s  Authorization: Token %s\n' "$NAUTOBOT_DISCOVERY_PORT" "$PEERS_NAUTOBOT_TOKEN" >&2
  printf '  webhooks: listen on %s (webhookHost in peers.json)\n' "${WEBHOOK_HOST:-<none>}" >&2
}

# ---------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------

wait_all_ok() { # pids...: wait for each, fail with the first non-zero status
  local p rc=0
  for p in "$@"; do wait "$p" || rc=$?; done
  ((rc == 0)) || exit "$rc"
}

prepare() { # install, configure, templates (parallel where it pays)
  local p1 p2 rc=0
  install_netbox &
  p1=$!
  install_nautobot &
  p2=$!
  wait "$p1" || rc=$?
  wait "$p2" || rc=$?
  ((rc == 0)) || exit "$rc"
  mount_root "$NB_ROOT"
  write_netbox_config
  local inst
  for inst in "${NAUTOBOT_INSTANCES[@]}"; do write_nautobot_config "$inst"; done
  root_env
  ensure_template_netbox &
  p1=$!
  ensure_template_nautobot &
  p2=$!
  wait "$p1" || rc=$?
  wait "$p2" || rc=$?
  ((rc == 0)) || exit "$rc"
  collectstatic
}

cmd_up() {
  preflight
  take_lock
  load_secrets
  ensure_webhook_link
  # Quick path: everything already running and answering.
  local peer all_ok=1 r answered
  for peer in "${PEERS[@]}"; do
    for r in $(roles "$peer"); do proc_alive "$r" || all_ok=0; done
  done
  if ((all_ok)); then
    answered=$(poll_status "${PEERS[@]}" | wc -l)
    ((answered == ${#PEERS[@]})) || all_ok=0
  fi
  if ((all_ok)) && [[ $(db_key "$DB_NETBOX") == "$KEY_NETBOX" && $(db_key "$DB_NAUTOBOT_PRODUCTION") == "$KEY_NAUTOBOT" ]]; then
    log "already up and healthy"
    write_peers_json
    print_summary
    return 0
  fi
  prepare
  local to_start=()
  for peer in "${PEERS[@]}"; do
    if peer_healthy "$peer" && [[ $(db_key "$(peer_db "$peer")") == "$(peer_key "$peer")" ]]; then
      log "$peer: already running"
      continue
    fi
    # shellcheck disable=SC2046
    stop_procs $(roles "$peer")
    ensure_live_db "$peer"
    start_peer "$peer"
    to_start+=("$peer")
  done
  if ((${#to_start[@]})); then
    wait_healthy "${to_start[@]}"
    wait_workers "${to_start[@]}"
  fi
  drop_trash
  write_peers_json
  print_summary
}

cmd_down() {
  take_lock
  local names=() f
  for f in "$PIDS"/*.pid; do [[ -e $f ]] && names+=("$(basename "$f" .pid)"); done
  ((${#names[@]})) && log "stopping ${names[*]}"
  ((${#names[@]})) && stop_procs "${names[@]}"
  [[ -d $NB_ROOT ]] && umount_root "$NB_ROOT"
  remove_webhook_link
  psql -X -Atqc 'select 1' >/dev/null 2>&1 && drop_trash wait
  [[ $(cat "$CACHE/owner" 2>/dev/null) == "$STATE" ]] && rm -f "$CACHE/owner"
  rm -f "$PEERS_JSON"
  # peers adopted from another checkout: its peers.json (default place) is stale now too
  [[ $STATE != "$STATE_OWN" && $(basename "$STATE") == .peers ]] && rm -f "$(dirname "$STATE")/peers.json"
  log "down"
}

cmd_reset() {
  preflight
  take_lock
  load_secrets
  ensure_webhook_link
  local peer
  prepare # templates present (normally a no-op), config written, root mounted
  local in_place=1 r
  [[ ${PEERS_RESET_MODE:-} == restart ]] && in_place=0
  for peer in "${PEERS[@]}"; do
    proc_alive "$peer-web" || in_place=0
    # only web servers started with the current configuration know how to recycle
    [[ $(cat "$PIDS/$peer-web.config" 2>/dev/null) == "$(config_hash "$peer")" ]] || in_place=0
  done
  if ((in_place)); then
    # The web servers stay (their masters hold the imported app); the background workers
    # are killed and started again (queues are flushed under them).
    log "resetting in place: stopping the background workers"
    # shellcheck disable=SC2046
    STOP_SIGNAL=KILL stop_procs $(for peer in "${PEERS[@]}"; do echo "$peer-worker"; done)
  else
    log "stopping the peers"
    # Their data is about to be thrown away: no need for a graceful (multi-second) shutdown.
    # shellcheck disable=SC2046
    STOP_SIGNAL=KILL stop_procs $(for peer in "${PEERS[@]}"; do roles "$peer"; done)
  fi
  for peer in "${PEERS[@]}"; do
    log "$peer: restoring $(peer_db "$peer") from $(peer_tpl "$peer")"
    clone_db "$(peer_tpl "$peer")" "$(peer_db "$peer")" "$(peer_key "$peer")"
    # shellcheck disable=SC2046
    flush_redis $(peer_redis "$peer")
  done
  if ((in_place)); then
    local rpids=()
    for peer in "${PEERS[@]}"; do
      recycle_web "$peer" &
      rpids+=($!)
    done
    wait_all_ok "${rpids[@]}"
    log "web workers recycled; starting the background workers"
    for peer in "${PEERS[@]}"; do start_worker "$peer"; done
  else
    for peer in "${PEERS[@]}"; do start_peer "$peer"; done
  fi
  log "databases restored from templates; waiting for the APIs and workers"
  wait_healthy "${PEERS[@]}"
  wait_workers "${PEERS[@]}"
  write_peers_json
  drop_trash
  log "reset done in $(($(date +%s) - T0))s"
  print_summary
}

cmd_status() {
  local peer r rc=0
  [[ -f $CACHE/secrets.env ]] || { echo "no peers installed under $CACHE"; return 1; }
  HOST_PY=$(host_python) || true
  load_secrets
  for peer in "${PEERS[@]}"; do
    for r in $(roles "$peer"); do
      if proc_alive "$r"; then echo "$r: running (pgid $(pid_of "$r"))"; else echo "$r: stopped"; rc=1; fi
    done
    if status_json "$peer" >/dev/null 2>&1; then echo "$peer: API ok on port $(peer_port "$peer")"; else echo "$peer: API not answering"; rc=1; fi
  done
  return "$rc"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  reset) cmd_reset ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 up|down|reset|status" >&2
    exit 2
    ;;
esac
