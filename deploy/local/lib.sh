# Shared helpers for deploy/local/stack and deploy/local/services. Sourced, not run.
#
# Conventions:
#   - Runtime state lives in the clone ($STACK_DIR = <clone>/.stack) so every clone
#     starts fresh and two clones never share data.
#   - Downloads and one-time builds live in $PARLEY_CACHE (outside the clone) so a
#     fresh clone does not download 230 MB again.
#   - Every process we start gets its own session (setsid), so its pid is also its
#     process-group id: `down` can signal the whole group (e.g. kc.sh and its java
#     child) without touching anything we did not start.
#   - A pid file alone is not trusted (pids get reused): a process counts as ours
#     only if its command line mentions this clone's .stack directory.

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
STACK_DIR="$ROOT_DIR/.stack"
PARLEY_CACHE="${PARLEY_CACHE:-$HOME/.cache/parley}"
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# fail_part NAME LOGFILE MESSAGE: explain which part failed and show its log tail.
fail_part() {
  local name="$1" logfile="$2" msg="$3"
  printf '\nERROR: %s: %s\n  log: %s\n' "$name" "$msg" "$logfile" >&2
  if [[ -f "$logfile" ]]; then
    printf -- '----- last lines of %s -----\n' "$logfile" >&2
    tail -n 30 "$logfile" | cut -c1-300 >&2
    printf -- '-----\n' >&2
  fi
}

# --- processes ---------------------------------------------------------------

# alive PID: the process exists and is not a zombie (an exited child of ours stays
# visible to kill -0 until it is reaped).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]
}

# is_ours PID [MARKER]: alive and its command line mentions MARKER (default: this
# clone's .stack dir).
is_ours() {
  local pid="$1" marker="${2:-$STACK_DIR/}" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *"$marker"* ]]
}

# read_pid FILE: print the pid in FILE (first line) or nothing.
read_pid() { [[ -f "$1" ]] && head -n1 "$1" | tr -dc '0-9' || true; }

# running_pid PIDFILE: print the pid if the process is alive and ours; drop a stale file.
running_pid() {
  local pidfile="$1" pid
  pid="$(read_pid "$pidfile")"
  if [[ -n "$pid" ]] && is_ours "$pid"; then
    echo "$pid"
  elif [[ -f "$pidfile" ]]; then
    rm -f "$pidfile"
  fi
}

# spawn PIDFILE LOGFILE CMD...: start CMD detached in its own session, record its pid.
# setsid execs directly (a background job of a script is not a group leader), so
# $! is the pid of CMD itself and also its process-group id.
spawn() {
  local pidfile="$1" logfile="$2"; shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  # Keep the previous run's log for post-mortems, start the new one empty so
  # readiness checks that grep the log never see an old "started" line.
  [[ -f "$logfile" ]] && mv -f "$logfile" "$logfile.prev"
  setsid "$@" </dev/null >"$logfile" 2>&1 &
  echo $! >"$pidfile"
}

# stop_pid NAME PID [TIMEOUT]: TERM the process group (or the pid), KILL after TIMEOUT s.
stop_pid() {
  local name="$1" pid="$2" timeout="${3:-30}" target i
  target="$pid"
  # Signal the whole group only when it is the group we created with setsid.
  if [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]]; then target="-$pid"; fi
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < timeout * 5; i++)); do
    alive "$pid" || { log "$name stopped"; return 0; }
    sleep 0.2
  done
  log "$name did not stop within ${timeout}s, sending KILL"
  kill -KILL -- "$target" 2>/dev/null || true
  sleep 0.5
}

# rss_tree_mb PID: resident memory of PID and all its descendants, in MB.
rss_tree_mb() {
  local root="$1"
  ps -e -o pid=,ppid=,rss= | awk -v root="$root" '
    { ppid[$1] = $2; rss[$1] = $3 }
    END {
      total = 0
      for (p in rss) { q = p; while (q != "" && q != 0 && q != 1) { if (q == root) { total += rss[p]; break } q = ppid[q] } }
      printf "%d", total / 1024
    }'
}

# --- ports and HTTP ----------------------------------------------------------

# port_open PORT: something listens on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# who_listens PORT: best-effort description of the listener (for error messages).
who_listens() { ss -ltnpH "sport = :$1" 2>/dev/null | awk '{print $NF}' | head -n1; }

# require_free_ports NAME PORT...: refuse to start NAME over somebody else's listener,
# otherwise readiness checks would happily report a foreign server as ours.
require_free_ports() {
  local name="$1" port; shift
  for port in "$@"; do
    if port_open "$port"; then
      die "$name: port $port is already in use by another process $(who_listens "$port") — stop it (or the other clone's stack) first"
    fi
  done
}

# http_ok URL: URL answers 2xx within 2 s.
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# --- serialization -------------------------------------------------------------

# serialize_or_reexec LOCKNAME SCRIPT ARGS...: re-run SCRIPT under an exclusive lock on
# .stack/LOCKNAME, unless this process already holds it. Tests call `stack up`
# from several JVMs at once; without the lock two calls could both find a part
# down and both start it. `flock -o` keeps the lock out of the daemons we start,
# which would otherwise hold it for as long as they run.
serialize_or_reexec() {
  local lockname="$1" script="$2"; shift 2
  [[ "${PARLEY_LOCK_HELD:-}" == "$lockname" ]] && return 0
  mkdir -p "$STACK_DIR"
  if ! flock -n -o "$STACK_DIR/$lockname" true; then
    log "another $(basename "$script") up/down is running in this clone; waiting for it"
  fi
  PARLEY_LOCK_HELD="$lockname" exec flock -o -w 1800 "$STACK_DIR/$lockname" "$script" "$@"
}

# --- downloads ---------------------------------------------------------------

# with_cache_lock CMD...: serialize downloads/one-time builds between clones.
with_cache_lock() {
  mkdir -p "$PARLEY_CACHE"
  (
    flock -w 1800 9 || die "timed out waiting for $PARLEY_CACHE/.lock"
    "$@"
  ) 9>"$PARLEY_CACHE/.lock"
}
