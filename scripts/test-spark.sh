#!/usr/bin/env bash
# DataFusion = Spark: generates N synthetic reports (default 1,000,000; deterministic, seeded),
# aggregates them with `ringfence feed aggregate` (DataFusion, embedded) and with the very same
# SQL file on Apache Spark (PySpark in local mode, scripts/spark_aggregate.py) over the
# normalised Parquet the Rust pass wrote, with an allow list, and requires byte-identical lists.
# PySpark comes from PyPI into a venv under the cache (reused when present); Java 17+ is needed.
#
#   scripts/test-spark.sh [REPORTS]
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
reports="${1:-1000000}"
need java openjdk-17-jdk-headless
venv="$RINGFENCE_CACHE/pyspark-venv"
if ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  section "pyspark into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "pyspark==4.1.4"
fi
cli="$(cli_bin)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now=2025-01-31T00:00:00Z

section "generate $reports reports, aggregate with DataFusion"
"$cli" feed synth --reports "$reports" --seed 15 --now "$now" --out "$work/reports.csv"
# An allow list: the generator's first campaign block (+417900000##, which also holds its first
# hot number) and its second hot number; both are listed without it (checked below).
printf 'pattern\n+417900000##\n+4915104435769\n' >"$work/allow.csv"
t0=$SECONDS
"$cli" feed aggregate --reports "$work/reports.csv" --now "$now" --allow "$work/allow.csv" \
  --out "$work/datafusion.csv" --emit-normalized "$work/normalized" 2>"$work/rejected.txt"
echo "datafusion: $((SECONDS - t0)) s, $(wc -l <"$work/rejected.txt") rows rejected (by line, on stderr)"

section "the same SQL on Spark (local mode)"
t0=$SECONDS
"$venv/bin/python" scripts/spark_aggregate.py --normalized "$work/normalized" --out "$work/spark.csv"
echo "spark: $((SECONDS - t0)) s"

passed=0 failed=0
check() { # NAME CMD...: one assertion of the suite
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)) && echo "FAILED: $1"; fi
}
allowed_gone() { ! grep -qE '^\+417900000|^\+4915104435769,' "$work/datafusion.csv"; }
check "lists identical" cmp -s "$work/datafusion.csv" "$work/spark.csv"
check "the allow list wins" allowed_gone
check "the list has numbers and ranges" test "$(grep -c '#' "$work/datafusion.csv")" -gt 0 -a "$(wc -l <"$work/datafusion.csv")" -gt 100
[[ $failed == 0 ]] || diff "$work/datafusion.csv" "$work/spark.csv" | head -20
echo "spark parity ($reports reports, $(($(wc -l <"$work/datafusion.csv") - 1)) entries): $passed passed, $failed failed"
[[ $failed == 0 ]]
