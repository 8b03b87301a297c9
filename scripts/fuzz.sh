#!/usr/bin/env bash
# Fuzzing ringfence-core (fuzz/, a cargo-fuzz crate outside the workspace).
#
#   scripts/fuzz.sh replay [TARGET FILE|DIR...]
#       Stable toolchain (debug build), seconds: runs every file of fuzz/corpus/<target>/ and
#       fuzz/regressions/<target>/ through the target bodies (fuzz/src/lib.rs) without libFuzzer;
#       fails on any panic. With arguments, replays the given files through one target.
#   scripts/fuzz.sh run [SECONDS]
#       Nightly + cargo-fuzz: fuzzes each target for SECONDS (default $FUZZ_SECONDS or 60), one
#       process at a time, then minimizes fuzz/corpus/<target>/ + the new inputs (like
#       `cargo fuzz cmin`) to the seed files plus at most $FUZZ_CORPUS_CAP files covering the most
#       edges.
#       Crashes, timeouts (> $FUZZ_TIMEOUT s per input) and OOMs are kept in
#       $RINGFENCE_CACHE/fuzz-artifacts/<target>/ and make the script fail.
#   scripts/fuzz.sh smoke
#       Like run, a few seconds per target ($FUZZ_SMOKE_SECONDS, default 5), on a scratch copy of
#       the corpus (the repo is not changed). Skips (exit 0) when nightly or cargo-fuzz is missing.
#   scripts/fuzz.sh minimize
#       Only the corpus step of `run`, from the inputs the last run left in the cache.
#   scripts/fuzz.sh list
#
# Environment: FUZZ_TARGETS="number delta" (subset), FUZZ_SECONDS, FUZZ_SMOKE_SECONDS,
# FUZZ_TIMEOUT (default 1), FUZZ_CORPUS_CAP (default 200), FUZZ_SANITIZER (default none: the
# core forbids unsafe code, and under `address` rlibphonenumber's lazily compiled regexes take
# over a second on first use, which libFuzzer reports as timeouts; use address to also check
# the dependencies' unsafe code), FUZZ_LOG_DIR (default $RINGFENCE_CACHE/fuzz-logs), FUZZ_NO_BUILD=1 (reuse
# the last nightly build, e.g. while the sources are being edited).
#
# libFuzzer runs in its default in-process mode: one job on one worker (what -jobs=1 -workers=1
# amount to, without the forked child and fuzz-0.log those flags add).
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

FUZZ_DIR="$REPO_ROOT/fuzz"
ALL_TARGETS=(number import db_open db_structure delta signed_delta export_installed screen lookup)
read -r -a TARGETS <<<"${FUZZ_TARGETS:-${ALL_TARGETS[*]}}"
TIMEOUT="${FUZZ_TIMEOUT:-1}"
CAP="${FUZZ_CORPUS_CAP:-200}"
SANITIZER="${FUZZ_SANITIZER:-none}"
LOG_DIR="${FUZZ_LOG_DIR:-$RINGFENCE_CACHE/fuzz-logs}"
ARTIFACTS="$RINGFENCE_CACHE/fuzz-artifacts"
TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"

# Largest input per target (libFuzzer -max_len), in bytes.
max_len() {
  case $1 in
    number) echo 1024 ;;
    screen) echo 4096 ;;
    import) echo 16384 ;;
    *) echo 32768 ;; # databases and deltas: the seeds are a few KB
  esac
}

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

replay() {
  cargo run -q --manifest-path "$FUZZ_DIR/Cargo.toml" --no-default-features --example replay -- "$@"
}

# have_fuzz: nightly and cargo-fuzz are installed (prints why not otherwise).
have_fuzz() {
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "no nightly toolchain (rustup toolchain install nightly)"
    return 1
  fi
  if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed (cargo install cargo-fuzz)"
    return 1
  fi
}

build() {
  [[ ${FUZZ_NO_BUILD:-0} == 1 ]] && return 0
  section "cargo +nightly fuzz build (sanitizer: $SANITIZER)"
  cargo +nightly fuzz build --sanitizer "$SANITIZER"
}

bin_of() { echo "$CARGO_TARGET_DIR/$TRIPLE/release/$1"; }

# fuzz_one TARGET SECONDS WORK_CORPUS [READ_ONLY_CORPUS]: one libFuzzer process; log in $LOG_DIR.
fuzz_one() {
  local t=$1 secs=$2 work=$3 seeds=${4:-}
  local log="$LOG_DIR/$t-$(date -u +%Y%m%dT%H%M%SZ).log"
  mkdir -p "$work" "$ARTIFACTS/$t" "$LOG_DIR"
  echo "[$t] fuzzing ${secs}s from $(date -u +%FT%TZ); log: $log"
  local rc=0
  # shellcheck disable=SC2086 # $seeds is one directory or empty
  "$(bin_of "$t")" "$work" $seeds -max_total_time="$secs" -timeout="$TIMEOUT" -max_len="$(max_len "$t")" \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$ARTIFACTS/$t/" >"$log" 2>&1 || rc=$?
  grep -E '^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$log" | tail -3
  if ((rc != 0)); then
    echo "[$t] FAILED (exit $rc): see $log"
    grep -E 'ERROR: libFuzzer|panicked at|Test unit written to|SUMMARY' "$log" | head -8
    echo "[$t] reproduce on stable: scripts/fuzz.sh replay $t <artifact>; once fixed, copy the artifact"
    echo "[$t] into fuzz/regressions/$t/ and add a test to core/tests/fuzz_regressions.rs"
  fi
  return $rc
}

# merge TARGET WORK: the repo corpus becomes its seed-* files plus, up to $CAP files in all,
# the inputs of corpus + WORK that cover the most coverage edges (greedy set cover over
# libFuzzer's merge control file: what `cargo fuzz cmin` does, capped). Without python3 it
# only adds the inputs of WORK that bring new coverage.
merge() {
  local t=$1 work=$2 corpus="$FUZZ_DIR/corpus/$1" tmp="$RINGFENCE_CACHE/fuzz-cmin/$1"
  mkdir -p "$corpus"
  local before after
  before=$(find "$corpus" -type f | wc -l)
  rm -rf "$tmp" && mkdir -p "$tmp/empty" "$tmp/keep"
  if ! command -v python3 >/dev/null; then
    "$(bin_of "$t")" -merge=1 -use_counters=0 -max_len="$(max_len "$t")" -timeout="$TIMEOUT" "$corpus" "$work" \
      >"$LOG_DIR/$t-merge.log" 2>&1
  elif "$(bin_of "$t")" -merge=1 -use_counters=0 -merge_control_file="$tmp/control" -max_len="$(max_len "$t")" \
    -timeout="$TIMEOUT" "$tmp/empty" "$corpus" "$work" >"$LOG_DIR/$t-merge.log" 2>&1; then
    python3 - "$tmp/control" "$CAP" >"$tmp/chosen" <<'PY'
import heapq, os, sys
lines = open(sys.argv[1], errors="replace").read().split("\n")
n = int(lines[0])
paths = lines[2 : 2 + n]
cov = {int(l.split()[1]): set(l.split()[2:]) for l in lines[2 + n :] if l.startswith("COV ")}
seeds = [i for i, p in enumerate(paths) if os.path.basename(p).startswith("seed-")]
covered = set().union(*(cov.get(i, set()) for i in seeds))
chosen = list(seeds)
heap = [(-len(c - covered), i) for i, c in cov.items() if i not in seeds]
heapq.heapify(heap)
while heap and len(chosen) < int(sys.argv[2]):
    _, i = heapq.heappop(heap)
    gain = len(cov[i] - covered)
    if gain == 0:
        break
    if heap and gain < -heap[0][0]:
        heapq.heappush(heap, (-gain, i))
        continue
    chosen.append(i)
    covered |= cov[i]
total = set().union(*cov.values()) if cov else set()
print(f"{len(chosen)} files cover {len(covered)} of {len(total)} edges", file=sys.stderr)
print("\n".join(paths[i] for i in chosen))
PY
    local f
    while IFS= read -r f; do [[ -n $f ]] && cp "$f" "$tmp/keep/"; done <"$tmp/chosen"
    if [[ -n $(ls -A "$tmp/keep") ]]; then
      find "$corpus" -type f -delete
      cp "$tmp/keep/"* "$corpus/"
    fi
  else
    echo "[$t] warning: merge failed (see $LOG_DIR/$t-merge.log); corpus unchanged"
  fi
  after=$(find "$corpus" -type f | wc -l)
  echo "[$t] corpus: $before -> $after files ($(du -sh "$corpus" | cut -f1))"
}

run() {
  local secs=${1:-${FUZZ_SECONDS:-60}}
  local why
  if ! why=$(have_fuzz); then
    echo "error: $why" >&2
    exit 1
  fi
  build
  local failed=() t
  for t in "${TARGETS[@]}"; do
    local work="$RINGFENCE_CACHE/fuzz-work/$t"
    if fuzz_one "$t" "$secs" "$work" "$FUZZ_DIR/corpus/$t"; then merge "$t" "$work"; else failed+=("$t"); fi
  done
  section "fuzz run summary"
  if ((${#failed[@]})); then
    echo "failed: ${failed[*]} (artifacts in $ARTIFACTS)"
    exit 1
  fi
  echo "all targets ran ${secs}s without a crash"
}

# minimize: merges the last run's inputs ($RINGFENCE_CACHE/fuzz-work/<target>) into the repo
# corpus again, without fuzzing (needs the nightly build).
minimize() {
  local t
  for t in "${TARGETS[@]}"; do merge "$t" "$RINGFENCE_CACHE/fuzz-work/$t"; done
}

smoke() {
  local secs=${FUZZ_SMOKE_SECONDS:-5} why
  if ! why=$(have_fuzz); then
    echo "fuzz smoke skipped: $why"
    return 0
  fi
  build
  local scratch failed=() t
  scratch="$(mktemp -d)"
  for t in "${TARGETS[@]}"; do
    cp -r "$FUZZ_DIR/corpus/$t" "$scratch/$t" 2>/dev/null || mkdir -p "$scratch/$t"
    fuzz_one "$t" "$secs" "$scratch/$t" || failed+=("$t")
  done
  rm -rf "$scratch"
  if ((${#failed[@]})); then
    echo "fuzz smoke failed: ${failed[*]}"
    return 1
  fi
  echo "fuzz smoke: ${#TARGETS[@]} targets, ${secs}s each, no crash"
}

case "${1:-}" in
  replay) shift; replay "$@" ;;
  run) shift; run "$@" ;;
  smoke) smoke ;;
  minimize) minimize ;;
  list) printf '%s\n' "${ALL_TARGETS[@]}" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
