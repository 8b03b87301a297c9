#!/usr/bin/env bash
# Builds the signed test databases (tests/vectors/databases/build/*.rfdb) from the committed
# CSV lists and test keys, with the workspace's CLI, so they always match the current format,
# and the published lookup feed of the Kotlin and Swift lookup tests (build/lookup,
# scripts/lookup-fixture.sh).
# RINGFENCE_CLI names an already built `ringfence` binary (test-all.sh passes the one the tests
# built); otherwise the CLI is built here.
#
#   scripts/build-test-databases.sh
source "$(dirname "$0")/lib.sh"
cli="$(cli_bin)"
dir="$REPO_ROOT/tests/vectors/databases"
out="$dir/build"
rm -rf "$out" && mkdir -p "$out"
build() { # OUT KEY VERSION CSV [FEED]
  "$cli" build --out "$out/$1" --key "$dir/$2" --feed "${5:-ringfence-test}" --version "$3" "$dir/$4" >/dev/null 2>&1 ||
    { echo "build-test-databases: building $1 failed" >&2; exit 1; }
}
diff() { # OLD NEW KEY OUT
  "$cli" diff "$out/$1" "$out/$2" --key "$dir/$3" --out "$out/$4" >/dev/null ||
    { echo "build-test-databases: diff $4 failed" >&2; exit 1; }
}
build v1.rfdb test-feed.secret 1 v1.csv
build v2.rfdb test-feed.secret 2 v2.csv
build other-key.rfdb other.secret 3 v2.csv
diff v1.rfdb v2.rfdb test-feed.secret v1-to-v2.rfdelta
# Entries with scores, for the Call Directory budget tests.
build scored.rfdb test-feed.secret 7 scored.csv
# A second feed with its own key, for the attack tests (a delta or a database of one feed
# offered as the other's).
build other-feed-v1.rfdb other.secret 1 v1.csv other-feed
build other-feed-v2.rfdb other.secret 9 v2.csv other-feed
diff other-feed-v1.rfdb other-feed-v2.rfdb other.secret other-feed-v1-to-v2.rfdelta
RINGFENCE_CLI="$cli" bash "$REPO_ROOT/scripts/lookup-fixture.sh" "$out/lookup" >/dev/null ||
  { echo "build-test-databases: the lookup fixture failed" >&2; exit 1; }
# A feed published from people's reports (`feed aggregate` then `feed publish`): day 1, then day 2
# with a delta from day 1, for the bindings' delta-install tests (published/).
published() {
  local p="$out/published" now1=2025-01-31T00:00:00Z now2=2025-02-01T00:00:00Z
  mkdir -p "$p"
  "$cli" feed synth --reports 20000 --seed 1 --now "$now1" --out "$p/day1.csv" &&
    "$cli" feed synth --reports 1000 --seed 2 --now "$now2" --out "$p/day2.csv" &&
    "$cli" feed aggregate --reports "$p/day1.csv" --now "$now1" --out "$p/list1.csv" &&
    "$cli" feed aggregate --reports "$p/day1.csv" "$p/day2.csv" --now "$now2" --out "$p/list2.csv" &&
    "$cli" feed publish --list "$p/list1.csv" --key "$dir/test-feed.secret" --feed ringfence-test --version 101 \
      --out "$p" &&
    "$cli" feed publish --list "$p/list2.csv" --key "$dir/test-feed.secret" --feed ringfence-test --version 102 \
      --out "$p" --previous "$p/ringfence-test-101.rfdb"
}
published >/dev/null 2>&1 || { echo "build-test-databases: feed publish failed" >&2; exit 1; }
echo "test databases built in $out"
