# shellcheck shell=bash disable=SC2016,SC2034 # jq expressions name their $arguments in single quotes; the variables are the phases'
# Helpers of the janitor phases of bench/run.sh (sourced, not run; after bench/lib.sh): the previous design's
# janitor beside this tree's ("designs"), one token per design so that the API server's audit log tells their
# requests apart, and the requests counted from that log (bench/audit.py).
#
# Designs: `baseline` is the janitor built from BASELINE_REF (default 4c4f996, main before issue 13) by
# build_baseline_janitor, `new` is this tree's; any other name <d> in BENCH_DESIGNS is a janitor built elsewhere
# (e.g. another branch's), BENCH_APP_<d> its quarkus-app directory and BENCH_LABEL_<d> its name in the report. All
# run on the default JDK with the same JVM options; the AOT runtime of bench/lib.sh is measured for this tree's
# janitor only (janitor phase).

BASELINE_REF=${BENCH_BASELINE_REF:-4c4f996}
DESIGNS=${BENCH_DESIGNS:-baseline new}
JANITOR_USER=system:serviceaccount:ephemeral-ns:ephemeral-ns-janitor

# build_baseline_janitor: BASELINE_REF's janitor, built and unit-tested once per commit from `git archive` (the
# same build as this tree's: a baseline that fails its own tests is never measured) into
# ${XDG_CACHE_HOME:-~/.cache}/ephemeral-ns/bench-baseline/<commit>/ and copied to $WORK/janitor-baseline.
# A build that fails leaves no cache entry.
build_baseline_janitor() {
  local commit cache tmp
  commit=$(git -C "$REPO" rev-parse --verify "$BASELINE_REF^{commit}")
  BASELINE_COMMIT=${commit:0:7}
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/ephemeral-ns/bench-baseline/$commit"
  if [[ ! -f "$cache/janitor-app/quarkus-run.jar" ]]; then
    log "building the baseline janitor of $BASELINE_COMMIT once (git archive, ./mvnw package -pl janitor -am) into $cache"
    tmp=$(mktemp -d -t ephemeral-ns-baseline-src-XXXX)
    git -C "$REPO" archive "$commit" | tar -x -C "$tmp"
    if ! (cd "$tmp" && nice ./mvnw -B -q -ntp -o package -pl janitor -am) >&2; then
      rm -rf "$tmp"; log "the baseline janitor did not build"; return 1
    fi
    mkdir -p "$cache"
    rm -rf "$cache/janitor-app.partial"
    cp -r "$tmp/janitor/target/quarkus-app" "$cache/janitor-app.partial"
    mv "$cache/janitor-app.partial" "$cache/janitor-app"
    rm -rf "$tmp"
  fi
  cp -r "$cache/janitor-app" "$WORK/janitor-baseline"
}

# copy_other_designs: the janitors of BENCH_DESIGNS other than baseline and new (BENCH_APP_<design>) copied under
# $WORK, so that a build of their tree cannot change them mid-run
copy_other_designs() {
  local design app
  for design in $DESIGNS; do
    [[ $design == baseline || $design == new ]] && continue
    app="BENCH_APP_$design"
    [[ -f "${!app:-}/quarkus-run.jar" ]] || { log "design $design: no quarkus-run.jar in BENCH_APP_$design=${!app:-}"; return 1; }
    cp -r "${!app}" "$WORK/janitor-$design"
  done
}

# design_label <design>: how the report names it
design_label() {
  case $1 in
    baseline) echo "previous ($BASELINE_COMMIT)" ;;
    new) echo "this tree ($(git -C "$REPO" rev-parse --short HEAD))" ;;
    *) local label="BENCH_LABEL_$1"; echo "${!label:-$1}" ;;
  esac
}

# Settings only one design knows: SmallRye Config refuses an unknown janitor.* key ("does not map to any root"),
# so they are passed to that design only
read -r -a NEW_JANITOR_OPTS <<<"${BENCH_NEW_JANITOR_OPTS:-}"
read -r -a BASELINE_JANITOR_OPTS <<<"${BENCH_BASELINE_JANITOR_OPTS:-}"

# use_design <design>: the default JDK with that design's application directory (for start_janitor and
# write_janitor_once), its own token kubeconfig (DESIGN_KUBECONFIG, DESIGN_JTI) and its own options (DESIGN_OPTS)
use_design() {
  use_runtime jdk17
  DESIGN_OPTS=("${NEW_JANITOR_OPTS[@]}")
  case $1 in
    baseline) JANITOR_APP="$WORK/janitor-baseline"; DESIGN_OPTS=("${BASELINE_JANITOR_OPTS[@]}") ;;
    new) ;;
    *) JANITOR_APP="$WORK/janitor-$1" ;;
  esac
  DESIGN_KUBECONFIG="$WORK/janitor-$1.kubeconfig"
  [[ -f "$DESIGN_KUBECONFIG" ]] || design_kubeconfig "$DESIGN_KUBECONFIG"
  DESIGN_JTI=$(token_jti "$DESIGN_KUBECONFIG")
}

# design_kubeconfig <file>: the janitor's kubeconfig with a token of its own (TokenRequest API): the audit log
# records each token's ID (user.extra authentication.kubernetes.io/credential-id), which tells two janitors
# running at once apart
design_kubeconfig() {
  local token
  token=$(kubectl create token ephemeral-ns-janitor -n ephemeral-ns --duration=6h)
  sed "s|^\( *token: \).*|\1$token|" "$JANITOR_KUBECONFIG" > "$1"
}

# token_jti <kubeconfig>: the jti claim of its token
token_jti() {
  python3 - "$1" <<'EOF'
import base64, json, re, sys
token = re.search(r"^\s*token:\s*(\S+)", open(sys.argv[1]).read(), re.M).group(1)
payload = token.split(".")[1]
print(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["jti"])
EOF
}

# audit_requests <from ms> <to ms> [jti]: the janitor's requests in that window, from the audit log (bench/audit.py)
audit_requests() {
  python3 "$BENCH/audit.py" count "$AUDIT_LOG" "$JANITOR_USER" "$1" "$2" "${3:-}"
}

# start_design <design> <log> [extra -D options...]: a long-running janitor of that design (start_janitor)
start_design() {
  local design=$1; shift
  use_design "$design"
  JANITOR_KUBECONFIG="$DESIGN_KUBECONFIG" start_janitor "$@" "${DESIGN_OPTS[@]}"
  use_runtime jdk17
}

# start_designs <phase> [options...]: a long-running janitor of every design at once (start_design; in an option,
# @DESIGN@ stands for the design's name), their logs $OUT/janitor-<phase>-<design>.log; returns when all are ready
# (at most 300 s each). Sets DESIGN_PIDS[<design>]; stop_designs stops them.
declare -A DESIGN_PIDS=()
start_designs() {
  local phase=$1 design
  local -A ports=()
  shift
  for design in $DESIGNS; do
    start_design "$design" "$OUT/janitor-$phase-$design.log" "${@//@DESIGN@/$design}"
    DESIGN_PIDS[$design]=$JANITOR_PID
    ports[$design]=$JANITOR_PORT
  done
  for design in $DESIGNS; do
    wait_ready "http://127.0.0.1:${ports[$design]}/q/health/ready" "$(now_ms)" 300 >/dev/null ||
      log "$phase: the $design janitor is not ready after 300 s; see $OUT/janitor-$phase-$design.log"
  done
}

stop_designs() {
  local design
  for design in $DESIGNS; do stop_pid "${DESIGN_PIDS[$design]}"; done
}

# quiet_namespaces <n>: makes sure n quiet CI namespaces (created-by=ci-cd, ttl=24h) exist, created through the API
QUIET_HAVE=0
quiet_namespaces() {
  local more=$(($1 - QUIET_HAVE)) row
  ((more > 0)) || return 0
  log "creating $more CI namespaces (ttl=24h) through the API (8 threads, admin client certificate)"
  row=$(python3 "$BENCH/k8s.py" create "$more" "ci-$1" 24h 8)
  row=$(extend "$row" --argjson n "$1" --arg load "$(load)" '. + {kind: "create", total_after: $n, load: $load}')
  record "$row"; log "$row"
  QUIET_HAVE=$1
  settle
}

# settle: lets the machine come to rest (1-minute load below BENCH_SETTLE_LOAD, default 1, at most 90 s) after
# creating namespaces, so that the measurements do not share the CPUs with the creation's aftermath (API server,
# etcd compaction, the controllers' own writes into each new namespace, which kube-controller-manager paces at its
# default 20 qps). On a machine shared with other work the load may not come down: the wait is bounded.
settle() {
  for _ in $(seq 1 90); do
    awk -v max="${BENCH_SETTLE_LOAD:-1.0}" '{exit !($1 < max)}' /proc/loadavg && break
    sleep 1
  done
  log "settled: load $(load)"
}
