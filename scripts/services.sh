#!/usr/bin/env bash
# Installs and starts the real services tokenwatch's scale-out mode and its tests need:
# ClickHouse (Debian's clickhouse-server) and Apache Kafka (jars from Maven Central, single-node KRaft).
# Idempotent: safe to run again; a service that already answers is left alone.
#
#   scripts/services.sh up [clickhouse|kafka]    install if needed, start, wait until ready
#   scripts/services.sh down [clickhouse|kafka]  stop
#   scripts/services.sh status                   print what runs where
#   scripts/services.sh env                      print the export lines for CLICKHOUSE_URL / KAFKA_BROKERS
#
# If CLICKHOUSE_URL or KAFKA_BROKERS is already set (e.g. `docker compose up`), that service is used as is and
# nothing is installed or started for it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${TOKENWATCH_SERVICES_DIR:-$ROOT/.services}
CH_HTTP_PORT=${TW_CH_HTTP_PORT:-18123}
CH_TCP_PORT=${TW_CH_TCP_PORT:-19000}
CH_INTERSERVER_PORT=${TW_CH_INTERSERVER_PORT:-19009}
KAFKA_PORT=${TW_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${TW_KAFKA_CONTROLLER_PORT:-19093}
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/infra/kafka/pom.xml")

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

wait_for() { # wait_for <what> <seconds> <command...>
  local what=$1 secs=$2; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    (( SECONDS - start >= secs )) && return 1
    sleep 0.5
  done
  log "$what ready after $(( SECONDS - start ))s"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- ClickHouse
ch_ping() { curl -fsS "http://127.0.0.1:$CH_HTTP_PORT/ping" 2>/dev/null | grep -q Ok; }

ch_install() {
  command -v clickhouse-server >/dev/null && return 0
  log "installing clickhouse-server from Debian packages"
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq clickhouse-server clickhouse-client >/dev/null
}

ch_up() {
  if [ -n "${CLICKHOUSE_URL:-}" ]; then log "CLICKHOUSE_URL set ($CLICKHOUSE_URL): using it, starting nothing"; return; fi
  if ch_ping; then log "ClickHouse already answers on :$CH_HTTP_PORT"; return; fi
  ch_install
  local dir=$STATE/clickhouse
  mkdir -p "$dir/data/" "$dir/tmp/" "$dir/user_files/" "$dir/format_schemas/"
  log "starting ClickHouse (http :$CH_HTTP_PORT, data $dir)"
  # The packaged config is used as is; everything that touches the filesystem or a port is overridden.
  nohup clickhouse-server --config-file=/etc/clickhouse-server/config.xml -- \
    --path="$dir/data/" --tmp_path="$dir/tmp/" --user_files_path="$dir/user_files/" \
    --format_schema_path="$dir/format_schemas/" \
    --http_port="$CH_HTTP_PORT" --tcp_port="$CH_TCP_PORT" --interserver_http_port="$CH_INTERSERVER_PORT" \
    --logger.log="$dir/server.log" --logger.errorlog="$dir/error.log" --logger.level=warning \
    --logger.console=0 >"$dir/stdout.log" 2>&1 &
  echo $! >"$dir/pid"
  wait_for ClickHouse 60 ch_ping || { tail -20 "$dir/error.log" >&2 || true; die "ClickHouse did not answer /ping within 60s"; }
}

ch_down() {
  local pidf=$STATE/clickhouse/pid
  if [ -f "$pidf" ] && kill "$(cat "$pidf")" 2>/dev/null; then
    wait_for "ClickHouse stop" 30 bash -c "! kill -0 $(cat "$pidf")" || kill -9 "$(cat "$pidf")" 2>/dev/null || true
    log "ClickHouse stopped"
  fi
  rm -f "$pidf"
}

# ---------------------------------------------------------------- Kafka
kafka_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; }
kafka_ready() { node "$ROOT/scripts/kafka-ready.mjs" "127.0.0.1:$KAFKA_PORT"; }

kafka_install() {
  local libs=$STATE/kafka/libs-$KAFKA_VERSION
  if [ -f "$libs/kafka_2.13-$KAFKA_VERSION.jar" ]; then echo "$libs"; return; fi
  command -v java >/dev/null || die "java not found (Kafka needs a JRE 17+)"
  command -v mvn >/dev/null || die "mvn not found (used to fetch the Kafka jars from Maven Central)"
  log "fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $libs"
  mvn -q -B -Dstyle.color=never -f "$ROOT/infra/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$libs.partial" >&2
  rm -rf "$libs" && mv "$libs.partial" "$libs"
  echo "$libs"
}

kafka_up() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then log "KAFKA_BROKERS set ($KAFKA_BROKERS): using it, starting nothing"; return; fi
  if kafka_port_open && kafka_ready; then log "Kafka already answers on :$KAFKA_PORT"; return; fi
  local libs dir=$STATE/kafka
  libs=$(kafka_install)
  mkdir -p "$dir"
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g; s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g; s#@DATA_DIR@#$dir/data#g" \
    "$ROOT/infra/kafka/server.properties" >"$dir/server.properties"
  if [ ! -f "$dir/data/meta.properties" ]; then
    log "formatting KRaft storage in $dir/data"
    java -cp "$libs/*" -Dlog4j2.configurationFile="$ROOT/infra/kafka/log4j2.yaml" kafka.tools.StorageTool format \
      -t "$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" \
      -c "$dir/server.properties" >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; die "Kafka storage format failed"; }
  fi
  log "starting Kafka $KAFKA_VERSION (127.0.0.1:$KAFKA_PORT, data $dir/data)"
  nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$ROOT/infra/kafka/log4j2.yaml" \
    -cp "$libs/*" kafka.Kafka "$dir/server.properties" >"$dir/server.log" 2>&1 &
  echo $! >"$dir/pid"
  wait_for "Kafka port" 90 kafka_port_open || { tail -30 "$dir/server.log" >&2; die "Kafka did not open :$KAFKA_PORT within 90s"; }
  wait_for "Kafka metadata" 90 kafka_ready || { tail -30 "$dir/server.log" >&2; die "Kafka metadata request did not succeed within 90s"; }
}

kafka_down() {
  local pidf=$STATE/kafka/pid
  if [ -f "$pidf" ] && kill "$(cat "$pidf")" 2>/dev/null; then
    wait_for "Kafka stop" 60 bash -c "! kill -0 $(cat "$pidf")" || kill -9 "$(cat "$pidf")" 2>/dev/null || true
    log "Kafka stopped"
  fi
  rm -f "$pidf"
}

print_env() {
  echo "export CLICKHOUSE_URL=${CLICKHOUSE_URL:-http://127.0.0.1:$CH_HTTP_PORT}"
  echo "export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
}

cmd=${1:-up}; what=${2:-all}
case "$cmd:$what" in
  up:all) ch_up; kafka_up ;;
  up:clickhouse) ch_up ;;
  up:kafka) kafka_up ;;
  down:all) kafka_down; ch_down ;;
  down:clickhouse) ch_down ;;
  down:kafka) kafka_down ;;
  status:*)
    if ch_ping; then echo "clickhouse: up on http://127.0.0.1:$CH_HTTP_PORT"; else echo "clickhouse: down"; fi
    if kafka_port_open; then echo "kafka: up on 127.0.0.1:$KAFKA_PORT"; else echo "kafka: down"; fi ;;
  env:*) print_env ;;
  *) die "usage: $0 up|down|status|env [clickhouse|kafka]" ;;
esac
