#!/usr/bin/env bash
# Local Neo4j 5.26 LTS Community server (Bolt, auth enabled) for tests and benchmarks.
# No Docker, no tarball: a tiny launcher (SafetykgNeo4j.java) built with Maven runs the
# community DBMS with its Bolt connector.
#
#   neo4j.sh build                                  compile + copy deps into target/ (skipped if up to date)
#   neo4j.sh start [--port N] [--data DIR] [--fresh] [setting=value ...]
#                                                   start in the background, print bolt://127.0.0.1:PORT
#   neo4j.sh stop   [--data DIR]                    SIGTERM, wait, SIGKILL fallback; idempotent
#   neo4j.sh status [--data DIR]                    exit 0 if running (prints the URL), 3 if not
#
# Environment:
#   SAFETYKG_NEO4J_HOME           data dir (default: <repo>/.neo4j)
#   SAFETYKG_NEO4J_PORT           Bolt port (default: 17687)
#   SAFETYKG_NEO4J_PASSWORD       password of user 'neo4j' (default: safetykg-test)
#   SAFETYKG_NEO4J_JAVA_OPTS      heap etc. (default: -Xms256m -Xmx1g)
#   SAFETYKG_NEO4J_START_TIMEOUT  seconds to wait for READY (default: 120)
#   SAFETYKG_NEO4J_MVN_ARGS       extra Maven args for build, e.g. -o
#
# Files in the data dir: neo4j.log (launcher stdout/stderr), neo4j.pid, neo4j.port,
# logs/debug.log (Neo4j's own log), data/ (store), safetykg-neo4j.conf (generated settings).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
HOST=127.0.0.1
MAIN=org.safetykg.neo4j.SafetykgNeo4j

say() { echo "neo4j.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# ---------------------------------------------------------------- build
build() {
    local stamp="$HERE/target/.built"
    if [[ -f "$stamp" && -d "$HERE/target/lib" ]] \
        && [[ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$stamp" -print -quit)" ]]; then
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
    say "building launcher with Maven (first time downloads ~170 MB from Maven Central)..."
    mkdir -p "$HERE/target"
    rm -f "$stamp"
    # set -e does not apply inside "( ... ) || die", so statuses are chained explicitly.
    # Debian's Maven prints stray ESC[0m even with -q -B: strip them (pipefail keeps mvn's status).
    (
        flock 8 &&
        # shellcheck disable=SC2086
        mvn -B -q -f "$HERE/pom.xml" ${SAFETYKG_NEO4J_MVN_ARGS:-} package 2>&1 | sed $'s/\e\\[0m//g' >&2
    ) 8>"$HERE/target/.build.lock" || die "Maven build failed"
    touch "$stamp"
}

# ---------------------------------------------------------------- helpers
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# pid of our server for data dir $DATA, or nothing
live_pid() {
    local pid
    [[ -f "$DATA/neo4j.pid" ]] || return 1
    pid=$(<"$DATA/neo4j.pid")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN" || return 1
    echo "$pid"
}

lock_data() {
    mkdir -p "$DATA"
    exec 9>"$DATA/.lock"
    flock 9
}

show_logs() {
    say "---- $DATA/neo4j.log (tail) ----"
    tail -n 40 "$DATA/neo4j.log" >&2 2>/dev/null || true
    if [[ -f "$DATA/logs/debug.log" ]]; then
        say "---- $DATA/logs/debug.log (last errors) ----"
        grep -E ' (ERROR|WARN) ' "$DATA/logs/debug.log" | tail -n 15 >&2 || true
    fi
}

stop_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 600; i++)); do  # 60 s
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    say "pid $pid ignored SIGTERM for 60 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
}

# ---------------------------------------------------------------- commands
start() {
    local fresh=0 extra=() pid i timeout
    while (($#)); do
        case "$1" in
            --port) PORT=$2; shift 2 ;;
            --port=*) PORT=${1#*=}; shift ;;
            --data) DATA=$2; shift 2 ;;
            --data=*) DATA=${1#*=}; shift ;;
            --fresh) fresh=1; shift ;;
            *=*) extra+=("$1"); shift ;;
            *) die "start: unknown argument '$1'" ;;
        esac
    done
    [[ "$PORT" =~ ^[0-9]+$ ]] || die "bad port '$PORT'"
    build
    DATA=$(mkdir -p "$DATA" && cd "$DATA" && pwd)
    lock_data

    if pid=$(live_pid); then
        if ((fresh)); then
            say "stopping running server (pid $pid) for --fresh"
            stop_pid "$pid"
        elif [[ "$(cat "$DATA/neo4j.port" 2>/dev/null)" == "$PORT" ]]; then
            say "already running (pid $pid)"
            echo "bolt://$HOST:$PORT"
            return 0
        else
            die "a server is already running on $DATA (pid $pid, port $(cat "$DATA/neo4j.port" 2>/dev/null)); stop it first"
        fi
    fi
    rm -f "$DATA/neo4j.pid" "$DATA/neo4j.port"

    if ((fresh)); then
        # Only wipe something that looks like ours (or is empty apart from our lock).
        if [[ -n "$(find "$DATA" -mindepth 1 -maxdepth 1 ! -name .lock -print -quit)" \
              && ! -f "$DATA/safetykg-neo4j.conf" ]]; then
            die "--fresh: refusing to wipe $DATA (no safetykg-neo4j.conf in it; not a data dir of this script?)"
        fi
        find "$DATA" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
    fi

    port_open "$PORT" && die "port $PORT on $HOST is already in use by another process"

    # shellcheck disable=SC2206
    local jopts=(${SAFETYKG_NEO4J_JAVA_OPTS:--Xms256m -Xmx1g})
    jopts+=(
        -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
        -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
        -Dlog4j2.disable.jmx=true
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    )
    local java=java
    [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && java=$JAVA_HOME/bin/java

    # Password travels via the environment ('-' argument), not the command line.
    SAFETYKG_NEO4J_PASSWORD=$PASSWORD nohup "$java" "${jopts[@]}" \
        -cp "$HERE/target/lib/*:$HERE/target/classes" "$MAIN" \
        "$DATA" "$HOST:$PORT" - "${extra[@]}" \
        >"$DATA/neo4j.log" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$DATA/neo4j.pid"
    echo "$PORT" >"$DATA/neo4j.port"

    timeout=${SAFETYKG_NEO4J_START_TIMEOUT:-120}
    for ((i = 0; i < timeout * 5; i++)); do
        if grep -q '^READY ' "$DATA/neo4j.log" 2>/dev/null; then
            say "started pid $pid in $((i / 5)).$((i % 5 * 2)) s (logs: $DATA/neo4j.log, $DATA/logs/debug.log)"
            echo "bolt://$HOST:$PORT"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            say "server exited during start-up"
            show_logs
            rm -f "$DATA/neo4j.pid" "$DATA/neo4j.port"
            exit 1
        fi
        sleep 0.2
    done
    say "no READY within ${timeout} s; stopping pid $pid"
    stop_pid "$pid"
    show_logs
    rm -f "$DATA/neo4j.pid" "$DATA/neo4j.port"
    exit 1
}

# The only argument of stop and status: --data DIR.
data_arg() {
    local cmd=$1; shift
    while (($#)); do
        case "$1" in
            --data) DATA=$2; shift 2 ;;
            --data=*) DATA=${1#*=}; shift ;;
            *) die "$cmd: unknown argument '$1'" ;;
        esac
    done
}

stop() {
    local pid
    data_arg stop "$@"
    [[ -d "$DATA" ]] || { say "not running"; return 0; }
    lock_data
    if pid=$(live_pid); then
        stop_pid "$pid"
        say "stopped pid $pid"
    else
        say "not running"
    fi
    rm -f "$DATA/neo4j.pid" "$DATA/neo4j.port"
}

status() {
    local pid
    data_arg status "$@"
    if pid=$(live_pid); then
        echo "running pid=$pid bolt://$HOST:$(cat "$DATA/neo4j.port" 2>/dev/null) data=$DATA"
    else
        echo "stopped data=$DATA"
        return 3
    fi
}

DATA=${SAFETYKG_NEO4J_HOME:-$REPO/.neo4j}
PORT=${SAFETYKG_NEO4J_PORT:-17687}
PASSWORD=${SAFETYKG_NEO4J_PASSWORD:-safetykg-test}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case "$cmd" in
    build) build ;;
    start) start "$@" ;;
    stop) stop "$@" ;;
    status) status "$@" ;;
    *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
