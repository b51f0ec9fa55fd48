#!/usr/bin/env bash
# The vmanomaly alerting tutorial, natively (no Docker): Debian's victoria-metrics, vmagent,
# prometheus-node-exporter, vmalert (rule HighAnomalyScore: anomaly_score > 1.0), prometheus-alertmanager,
# and the Vigil runner, all on 127.0.0.1 with free ports and one temporary directory.
#
#   deploy/local/tutorial.sh start [DIR]   start everything; prints and writes DIR/env (ports, URLs)
#   deploy/local/tutorial.sh stop  [DIR]   stop everything started by 'start' and remove DIR
#   deploy/local/tutorial.sh inject VALUE [DIR]   write vigil_synthetic=VALUE now (an anomaly when far from ~10)
#
# FAST=1 uses a 5 s cadence (infer; 2 s scrape and rule evaluation) for tests; default is the tutorial's
# 1 m. NO_RUNNER=1 starts everything but the runner (a test runs it in-process from DIR/vigil.yml).
# The runner is started with bin/vigil (build its jar first: mvn -B -ntp -q -DskipTests package); JAR
# names another jar. DIR may be relative; DIR/env holds its absolute path.
set -euo pipefail

cmd=${1:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
if [[ -n "${JAR:-}" ]]; then export VIGIL_JAR=$JAR; fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

wait_http() { # URL SECONDS
    for _ in $(seq 1 $(( $2 * 10 ))); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "timed out waiting for $1" >&2
    return 1
}

start() {
    local dir=${1:-$(mktemp -d -t vigil-tutorial.XXXXXX)}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local every=1m fit_every=10m fit_window=1h scrape=15s
    if [[ "${FAST:-0}" == 1 ]]; then every=5s fit_every=1m fit_window=10m scrape=2s; fi
    local vm=$(free_port) ne=$(free_port) agent=$(free_port) alert=$(free_port) am=$(free_port) am_cluster=$(free_port) runner=$(free_port)
    cat > "$dir/env" <<EOF
DIR=$dir
VM_URL=http://127.0.0.1:$vm
NODE_EXPORTER_URL=http://127.0.0.1:$ne
VMAGENT_URL=http://127.0.0.1:$agent
VMALERT_URL=http://127.0.0.1:$alert
ALERTMANAGER_URL=http://127.0.0.1:$am
RUNNER_URL=http://127.0.0.1:$runner
INFER_EVERY=$every
EOF
    cat > "$dir/scrape.yml" <<EOF
global:
  scrape_interval: $scrape
scrape_configs:
  - job_name: node-exporter
    static_configs: [{targets: ['127.0.0.1:$ne']}]
  - job_name: vmagent
    static_configs: [{targets: ['127.0.0.1:$agent']}]
  - job_name: vmalert
    static_configs: [{targets: ['127.0.0.1:$alert']}]
  - job_name: victoriametrics
    static_configs: [{targets: ['127.0.0.1:$vm']}]
  - job_name: vmanomaly
    static_configs: [{targets: ['127.0.0.1:$runner']}]
EOF
    cat > "$dir/rules.yml" <<EOF
groups:
  - name: AnomalyExample
    rules:
      - alert: HighAnomalyScore
        expr: 'anomaly_score > 1.0'
        labels:
          severity: warning
        annotations:
          summary: Anomaly Score exceeded 1.0. \`sum(rate(node_cpu_seconds_total))\` is showing abnormal behavior.
EOF
    cat > "$dir/alertmanager.yml" <<EOF
route:
  receiver: blackhole
receivers:
  - name: blackhole
EOF
    cat > "$dir/vigil.yml" <<EOF
schedulers:
  periodic:
    class: periodic
    infer_every: $every
    fit_every: $fit_every
    fit_window: $fit_window
models:
  zscore:
    class: zscore_online
    z_threshold: 2.5
    provide_series: [anomaly_score, y, yhat, yhat_lower, yhat_upper]
reader:
  datasource_url: http://127.0.0.1:$vm/
  sampling_period: $every
  queries:
    node_cpu_rate:
      expr: 'sum(rate(node_cpu_seconds_total[5m])) by (mode, instance, job)'
    synthetic:
      expr: 'vigil_synthetic'
writer:
  datasource_url: http://127.0.0.1:$vm/
monitoring:
  pull:
    addr: 127.0.0.1
    port: $runner
EOF
    cd "$dir"
    victoria-metrics -httpListenAddr=127.0.0.1:$vm -storageDataPath="$dir/vm" -retentionPeriod=1y \
        -search.latencyOffset=1s -loggerLevel=ERROR > "$dir/victoria-metrics.log" 2>&1 & echo $! >> "$dir/pids"
    prometheus-node-exporter --web.listen-address=127.0.0.1:$ne > "$dir/node-exporter.log" 2>&1 & echo $! >> "$dir/pids"
    wait_http "http://127.0.0.1:$vm/health" 30
    vmagent -httpListenAddr=127.0.0.1:$agent -promscrape.config="$dir/scrape.yml" \
        -remoteWrite.url=http://127.0.0.1:$vm/api/v1/write -remoteWrite.tmpDataPath="$dir/vmagent" \
        -loggerLevel=ERROR > "$dir/vmagent.log" 2>&1 & echo $! >> "$dir/pids"
    prometheus-alertmanager --web.listen-address=127.0.0.1:$am --cluster.listen-address= \
        --storage.path="$dir/alertmanager" --config.file="$dir/alertmanager.yml" > "$dir/alertmanager.log" 2>&1 & echo $! >> "$dir/pids"
    vmalert -httpListenAddr=127.0.0.1:$alert -rule="$dir/rules.yml" -datasource.url=http://127.0.0.1:$vm \
        -notifier.url=http://127.0.0.1:$am -remoteWrite.url=http://127.0.0.1:$vm -evaluationInterval=$scrape \
        -loggerLevel=ERROR > "$dir/vmalert.log" 2>&1 & echo $! >> "$dir/pids"
    if [[ "${NO_RUNNER:-0}" != 1 ]]; then
        "$here/bin/vigil" "$dir/vigil.yml" > "$dir/vigil.log" 2>&1 & echo $! >> "$dir/pids"
    fi
    wait_http "http://127.0.0.1:$ne/metrics" 30
    wait_http "http://127.0.0.1:$am/-/ready" 30
    wait_http "http://127.0.0.1:$alert/health" 30
    if [[ "${NO_RUNNER:-0}" != 1 ]]; then wait_http "http://127.0.0.1:$runner/health" 30; fi
    cat "$dir/env"
}

stop() {
    local dir=${1:?usage: tutorial.sh stop DIR}
    if [[ -f "$dir/pids" ]]; then
        # The runner first (it finishes its job on SIGTERM), then the rest; each by its own pid.
        tac "$dir/pids" | while read -r pid; do kill "$pid" 2>/dev/null || true; done
        for _ in $(seq 1 100); do
            alive=0
            while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$dir/pids"
            [[ $alive == 0 ]] && break
            sleep 0.1
        done
        while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done < "$dir/pids"
    fi
    rm -rf "$dir"
}

inject() {
    local value=${1:?usage: tutorial.sh inject VALUE DIR} dir=${2:?usage: tutorial.sh inject VALUE DIR}
    # shellcheck disable=SC1091
    source "$dir/env"
    printf 'vigil_synthetic{instance="synthetic",job="synthetic"} %s\n' "$value" \
        | curl -fsS --data-binary @- "$VM_URL/api/v1/import/prometheus"
}

case "$cmd" in
    start) start "${2:-}" ;;
    stop) stop "${2:-}" ;;
    inject) inject "${2:-}" "${3:-}" ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
esac
