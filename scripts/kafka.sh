#!/usr/bin/env bash
# A local single-node Apache Kafka (KRaft: broker and controller in one JVM)
# for development, tests and CI, without Docker.
#
#   scripts/kafka.sh start|stop|status|restart|logs [-f]|reset
#
# The broker jars come from Maven Central (once, into a cache; later starts
# run offline). All local state lives under ${SHOPSYNC_HOME:-<repo>/.shopsync}/kafka.
#
# THE DATA IS DISPOSABLE: this broker exists for local use and tests only.
# Whenever its on-disk state may not match the current configuration (config
# or Kafka version changed, unclean death of the broker), `start` wipes the
# data folder and formats it anew instead of trying to repair it.
#
# Environment (all optional):
#   KAFKA_PORT              client port on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT   KRaft controller port (default KAFKA_PORT+1)
#   KAFKA_VERSION           org.apache.kafka:kafka_2.13 version (default below)
#   KAFKA_CACHE_DIR         folder of the broker's jars (default <home>/kafka/libs)
#   KAFKA_DATA_DIR          log.dirs of the broker (default <home>/kafka/data-<port>);
#                           its log, pid file and rendered config sit next to it
#   KAFKA_HEAP_OPTS         default -Xms256m -Xmx768m
#   KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS   extra JVM flags, as in Kafka's scripts
#   KAFKA_START_TIMEOUT     seconds to wait for readiness (default 90)
#   KAFKA_STOP_TIMEOUT      seconds to wait after SIGTERM before SIGKILL (default 30)
#   JAVA, MVN               the java / mvn commands (MVN=false proves a start is offline)
#   KAFKA_MVN_ARGS          extra Maven arguments, e.g. -Dmaven.repo.local=/path
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUPPORT=$REPO/scripts/kafka

KAFKA_VERSION=${KAFKA_VERSION:-4.1.2}
HOST=127.0.0.1
NODE_ID=1 # must match node.id in the template
PORT=${KAFKA_PORT:-9092}
[[ $PORT =~ ^[0-9]+$ ]] || { echo "kafka: KAFKA_PORT must be a number, got '$PORT'" >&2; exit 2; }
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}
[[ $CONTROLLER_PORT =~ ^[0-9]+$ ]] || { echo "kafka: KAFKA_CONTROLLER_PORT must be a number" >&2; exit 2; }

STATE_HOME=${SHOPSYNC_HOME:-$REPO/.shopsync}/kafka
# Absolute paths: the broker resolves log.dirs against its own working
# directory, and our_pid() matches the config path in its command line.
CACHE_DIR=$(realpath -m "${KAFKA_CACHE_DIR:-$STATE_HOME/libs}")
DATA_DIR=$(realpath -m "${KAFKA_DATA_DIR:-$STATE_HOME/data-$PORT}")
RUN_DIR=$(dirname "$DATA_DIR")
LOG_FILE=$RUN_DIR/kafka-$PORT.log
PID_FILE=$RUN_DIR/kafka-$PORT.pid
LOCK_FILE=$RUN_DIR/kafka-$PORT.lock
CONFIG_FILE=$RUN_DIR/server-$PORT.properties
PROBE_CONFIG=$RUN_DIR/probe-$PORT.properties

JAVA=${JAVA:-java}
MVN=${MVN:-mvn}
START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}
HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}
# Kafka's own defaults (bin/kafka-run-class.sh), plus a processor count so the
# JVM sizes its GC and ForkJoin pools for the 2-core machines we run on.
PERF_OPTS=${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:ActiveProcessorCount=2 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}
# Short-lived tools (format, readiness probe) start ~35% faster with C1 only
# and a small serial heap.
TOOL_OPTS="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile=$SUPPORT/tools-log4j2.properties"

say() { echo "kafka: $*"; }
die() { echo "kafka: $*" >&2; exit 1; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Fingerprint of what the jar cache must contain.
libs_fingerprint() {
  { echo "$KAFKA_VERSION"; cat "$SUPPORT/pom.xml"; } | sha256sum | cut -c1-64
}

# Fetch the broker and its runtime jars once. The marker is written only after
# a complete copy, and the copy goes to a scratch folder that replaces the
# cache in one rename, so an interrupted download never looks complete.
ensure_libs() {
  local marker=$CACHE_DIR/.shopsync-complete want
  want=$(libs_fingerprint)
  if [[ -f $marker && $(cat "$marker") == "$want" ]]; then return 0; fi

  mkdir -p "$(dirname "$CACHE_DIR")"
  # Two brokers on different ports may start at once and share the cache.
  exec 8>"$CACHE_DIR.lock"
  flock 8
  if [[ -f $marker && $(cat "$marker") == "$want" ]]; then exec 8>&-; return 0; fi

  say "fetching Kafka $KAFKA_VERSION jars with Maven into $CACHE_DIR (first run only) ..."
  local partial=$CACHE_DIR.partial mvn_log
  rm -rf "$partial"
  mkdir -p "$partial"
  mvn_log=$partial.mvn.log
  # shellcheck disable=SC2086 # KAFKA_MVN_ARGS is a list of words on purpose
  if ! "$MVN" -B -q -Dstyle.color=never -f "$SUPPORT/pom.xml" ${KAFKA_MVN_ARGS:-} \
      -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$partial" \
      >"$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2 || true
    rm -rf "$partial"
    die "could not fetch the Kafka $KAFKA_VERSION jars with '$MVN' (see above)"
  fi
  rm -f "$mvn_log"
  ls "$partial"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Maven finished but no kafka_2.13 jar in $partial"
  echo "$want" >"$partial/.shopsync-complete"
  rm -rf "$CACHE_DIR"
  mv "$partial" "$CACHE_DIR"
  exec 8>&-
}

classpath() { echo "$CACHE_DIR/*"; }

# kill -0 alone is not enough: a broker that dies while `start` still waits
# for it is our child and stays a zombie (state Z) until this script exits.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# Pid of the broker this script started for this port, if it is still alive.
# Checking the command line guards against a recycled pid (e.g. after a reboot).
our_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF "$CONFIG_FILE" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

write_probe_config() {
  mkdir -p "$RUN_DIR"
  # A probe must fail fast while the broker is down or still starting, then
  # be retried, rather than sit in the admin client's 60 s default timeout.
  cat >"$PROBE_CONFIG" <<EOF
default.api.timeout.ms=5000
request.timeout.ms=2000
socket.connection.setup.timeout.ms=1000
socket.connection.setup.timeout.max.ms=1000
reconnect.backoff.ms=100
reconnect.backoff.max.ms=250
EOF
}

# Ready = the broker answers a real admin request and lists itself as an
# unfenced broker. An open TCP port is not enough: the port accepts
# connections before the broker has caught up with the metadata log and been
# unfenced, and until then clients cannot create topics or produce.
answering() {
  [[ -f $PROBE_CONFIG ]] || write_probe_config
  local out
  # shellcheck disable=SC2086
  out=$("$JAVA" $TOOL_OPTS -cp "$(classpath)" org.apache.kafka.tools.ClusterTool list-endpoints \
      --bootstrap-server "$HOST:$PORT" --config "$PROBE_CONFIG" 2>/dev/null) || return 1
  grep -Eq "^${NODE_ID}[[:space:]].*[[:space:]]unfenced[[:space:]]" <<<"$out"
}

render_config() {
  local tpl out
  tpl=$(<"$SUPPORT/server.properties.template")
  # Bash 5.2 would treat '&' in a replacement as the matched text.
  shopt -u patsub_replacement 2>/dev/null || true
  out=${tpl//@HOST@/$HOST}
  out=${out//@CONTROLLER_PORT@/$CONTROLLER_PORT}
  out=${out//@PORT@/$PORT}
  out=${out//@DATA_DIR@/$DATA_DIR}
  printf '%s\n' "$out" >"$CONFIG_FILE.new"
  mv "$CONFIG_FILE.new" "$CONFIG_FILE"
}

# The cluster id is derived from the rendered config and the Kafka version, so
# meta.properties in the data folder tells by itself whether that folder was
# formatted for the current setup. (A 16-byte id in Kafka's URL-safe base64
# form; '+' and '/' become letters so that it never starts with '-', which
# the tools' argument parser would read as an option.)
expected_cluster_id() {
  local hex
  hex=$({ echo "$KAFKA_VERSION"; cat "$CONFIG_FILE"; } | sha256sum | cut -c1-32)
  # shellcheck disable=SC2001 # ${hex//..} would depend on patsub_replacement
  printf '%b' "$(sed 's/../\\x&/g' <<<"$hex")" | base64 | tr '+/' 'AB' | tr -d '=\n'
}

formatted_cluster_id() {
  sed -n 's/^cluster\.id=//p' "$DATA_DIR/meta.properties" 2>/dev/null || true
}

wipe_data() {
  # Refuse anything that does not look like a folder we own.
  [[ -n $DATA_DIR && $DATA_DIR != / ]] || die "refusing to wipe data folder '$DATA_DIR'"
  rm -rf "$DATA_DIR"
}

format_storage() {
  local cid=$1
  mkdir -p "$DATA_DIR"
  # shellcheck disable=SC2086
  if ! "$JAVA" $TOOL_OPTS -cp "$(classpath)" kafka.tools.StorageTool format \
      --cluster-id "$cid" --config "$CONFIG_FILE" >>"$LOG_FILE" 2>&1; then
    tail -n 30 "$LOG_FILE" >&2 || true
    die "formatting $DATA_DIR failed"
  fi
}

# Each start gets a fresh log; the previous run's stays as .1 for post-mortems.
rotate_log() {
  if [[ -f $LOG_FILE ]]; then mv "$LOG_FILE" "$LOG_FILE.1"; fi
  : >"$LOG_FILE"
}

# Blocks until the broker is ready, it dies, or the timeout passes.
wait_ready() {
  local pid=$1 t0=$2 deadline=$((SECONDS + START_TIMEOUT)) ms
  while :; do
    if ! alive "$pid"; then
      echo "----- last lines of $LOG_FILE -----" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "the broker exited during startup (log: $LOG_FILE; if the data is at fault: scripts/kafka.sh reset)"
    fi
    # The cheap TCP check gates the JVM probe: a probe started before the
    # broker listens sits in the admin client's timeout instead of retrying.
    if port_open "$PORT" && answering; then
      ms=$(($(now_ms) - t0))
      say "ready in $((ms / 1000)).$((ms % 1000 / 100))s (pid $pid, log $LOG_FILE)"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      echo "----- last lines of $LOG_FILE -----" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      # Stopped rather than left half-up, so that CI never leaks a broker.
      terminate "$pid" || true
      die "not ready after ${START_TIMEOUT}s, broker stopped (log: $LOG_FILE)"
    fi
    sleep 0.2
  done
}

cmd_start() {
  mkdir -p "$RUN_DIR"
  # Serialises concurrent start/stop calls for the same port.
  exec 9>"$LOCK_FILE"
  flock 9

  ensure_libs

  local pid
  if pid=$(our_pid); then
    # Running already (or a previous start timed out while it was slow).
    if answering; then
      say "already running on $HOST:$PORT (pid $pid)"
      return 0
    fi
    say "pid $pid is up but not answering yet, waiting ..."
    wait_ready "$pid" "$(now_ms)"
    return 0
  fi

  if [[ -f $PID_FILE ]]; then
    # The broker died without `stop` (kill -9, OOM, reboot): its files may be
    # mid-write. The data is disposable, so start over from a clean format.
    say "stale pid file (pid $(cat "$PID_FILE" 2>/dev/null || echo '?') is not our broker any more): removing it and the data"
    rm -f "$PID_FILE"
    wipe_data
  fi

  if port_open "$PORT"; then
    if answering; then
      say "already running on $HOST:$PORT (a broker not started by this script for $DATA_DIR)"
      return 0
    fi
    die "port $HOST:$PORT is in use by something that is not a ready Kafka broker"
  fi
  if port_open "$CONTROLLER_PORT"; then
    die "controller port $HOST:$CONTROLLER_PORT is in use (set KAFKA_CONTROLLER_PORT)"
  fi

  render_config
  write_probe_config
  rotate_log

  local cid have
  cid=$(expected_cluster_id)
  have=$(formatted_cluster_id)
  if [[ $have != "$cid" ]]; then
    if [[ -n $have || -d $DATA_DIR ]]; then
      say "data in $DATA_DIR does not match the current config, reformatting"
    fi
    wipe_data
    format_storage "$cid"
  fi

  say "starting Kafka $KAFKA_VERSION on $HOST:$PORT (controller $CONTROLLER_PORT, data $DATA_DIR) ..."
  local t0
  t0=$(now_ms)
  # setsid: own session, so the broker outlives this shell and its terminal.
  # The inner bash closes every inherited descriptor above stderr (our lock
  # files, which it would otherwise hold for its whole life, and any pipe the
  # caller leaked to us, which would keep a CI log reader waiting for EOF),
  # records its own pid and then becomes java (exec), so the pid file holds
  # the broker's pid. (No redirection on that loop: bash would park the real
  # stderr on a high descriptor, the loop would close it, and the broker's
  # stderr would end up wherever the redirection pointed.)
  # shellcheck disable=SC2016,SC2086
  setsid bash -c '
      for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        if ((fd > 2)); then eval "exec $fd>&-"; fi
      done
      echo $$ >"$0"
      exec "$@"' "$PID_FILE" \
    "$JAVA" $HEAP_OPTS $PERF_OPTS ${KAFKA_OPTS:-} \
    -Dlog4j2.configurationFile="$SUPPORT/log4j2.properties" \
    -Dkafka.logs.dir="$RUN_DIR" \
    -cp "$(classpath)" kafka.Kafka "$CONFIG_FILE" \
    </dev/null >>"$LOG_FILE" 2>&1 &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $PID_FILE ]] && break
    sleep 0.1
  done
  pid=$(cat "$PID_FILE" 2>/dev/null || true)
  [[ -n $pid ]] || die "the broker did not start (log: $LOG_FILE)"
  wait_ready "$pid" "$t0"
}

# SIGTERM makes Kafka shut down cleanly (flush, close the logs); SIGKILL only
# for a broker that hangs. Returns 1 after a SIGKILL, and then keeps the pid
# file so that the next start treats the data as suspect and reformats.
terminate() {
  local pid=$1 t0=$SECONDS
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid"; do
    if ((SECONDS - t0 >= STOP_TIMEOUT)); then
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
      return 1
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
}

cmd_stop() {
  mkdir -p "$RUN_DIR"
  exec 9>"$LOCK_FILE"
  flock 9

  local pid
  if ! pid=$(our_pid); then
    if [[ -f $PID_FILE ]]; then
      # Left for `start`, which also discards the data of an unclean end.
      say "not running on $HOST:$PORT (stale pid file; the next start cleans up)"
    elif port_open "$PORT"; then
      say "no broker of ours on $HOST:$PORT (something else listens there; left alone)"
    else
      say "not running on $HOST:$PORT"
    fi
    return 0
  fi

  say "stopping pid $pid ..."
  local t0 ms
  t0=$(now_ms)
  if terminate "$pid"; then
    ms=$(($(now_ms) - t0))
    say "stopped in $((ms / 1000)).$((ms % 1000 / 100))s"
  else
    say "killed after ${STOP_TIMEOUT}s without a clean shutdown"
  fi
}

cmd_status() {
  local pid
  if pid=$(our_pid); then
    if [[ -d $CACHE_DIR ]] && answering; then
      say "running on $HOST:$PORT (pid $pid)"
      return 0
    fi
    say "pid $pid is up but not answering on $HOST:$PORT"
    return 1
  fi
  if port_open "$PORT" && [[ -f $CACHE_DIR/.shopsync-complete ]] && answering; then
    say "a broker not started by this script answers on $HOST:$PORT"
    return 0
  fi
  say "not running on $HOST:$PORT"
  return 3
}

cmd_logs() {
  [[ -f $LOG_FILE ]] || die "no log yet at $LOG_FILE"
  if [[ ${1:-} == -f ]]; then
    exec tail -n 50 -F "$LOG_FILE"
  fi
  tail -n "${1:-100}" "$LOG_FILE"
}

cmd_reset() {
  cmd_stop
  if ! our_pid >/dev/null; then rm -f "$PID_FILE"; fi
  wipe_data
  say "data folder $DATA_DIR removed"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop && cmd_start ;;
  logs) cmd_logs "${2:-}" ;;
  reset) cmd_reset ;;
  *)
    echo "usage: $0 start|stop|status|restart|logs [-f|N]|reset" >&2
    exit 2
    ;;
esac
