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
# with a delta from day 1, for the bindings' delta-install tests (published/; day 1's manifest is
# kept as manifest-101.json).
published() {
  local p="$out/published" now1=2025-01-31T00:00:00Z now2=2025-02-01T00:00:00Z
  mkdir -p "$p"
  "$cli" feed synth --reports 20000 --seed 1 --now "$now1" --out "$p/day1.csv" &&
    "$cli" feed synth --reports 1000 --seed 2 --now "$now2" --out "$p/day2.csv" &&
    "$cli" feed aggregate --reports "$p/day1.csv" --now "$now1" --out "$p/list1.csv" &&
    "$cli" feed aggregate --reports "$p/day1.csv" "$p/day2.csv" --now "$now2" --out "$p/list2.csv" &&
    "$cli" feed publish --list "$p/list1.csv" --key "$dir/test-feed.secret" --feed ringfence-test --version 101 \
      --out "$p" && cp "$p/manifest.json" "$p/manifest-101.json" &&
    "$cli" feed publish --list "$p/list2.csv" --key "$dir/test-feed.secret" --feed ringfence-test --version 102 \
      --out "$p" --previous "$p/ringfence-test-101.rfdb" &&
    published_www "$p"
}
# What the Kotlin and Swift manifest tests serve with nginx (published/www/), one directory each:
#   day1/ day2/      day 1's manifest and database; day 2's manifest, both databases, the delta
#   bad-sha/         day2/ with a bit of the delta flipped (its SHA-256 no longer matches the manifest)
#   bad-signature/   the same with the manifest re-hashed to match (only the signature check catches it)
#   all-bad/         bad-sha/ with the day-2 database flipped too (nothing good to fall back to)
#   html/            an HTML error page where the manifest should be
published_www() {
  local p="$1" w="$1/www" d1=ringfence-test-101.rfdb d2=ringfence-test-102.rfdb delta=ringfence-test-101-to-102.rfdelta
  mkdir -p "$w/day1" "$w/day2" "$w/html"
  cp "$p/manifest-101.json" "$w/day1/manifest.json" && cp "$p/$d1" "$w/day1/"
  cp "$p/manifest.json" "$p/$d1" "$p/$d2" "$p/$delta" "$w/day2/"
  cp -R "$w/day2" "$w/bad-sha" && flip "$w/bad-sha/$delta"
  cp -R "$w/bad-sha" "$w/bad-signature"
  sed -i.bak "s/$(sha256 "$w/day2/$delta")/$(sha256 "$w/bad-signature/$delta")/" "$w/bad-signature/manifest.json"
  rm -f "$w/bad-signature/manifest.json.bak"
  cp -R "$w/bad-sha" "$w/all-bad" && flip "$w/all-bad/$d2"
  echo '<html>503 Service Unavailable</html>' >"$w/html/manifest.json"
}
flip() { # FILE: flips the low bit of its middle byte
  local at byte
  at=$(($(wc -c <"$1") / 2))
  byte=$(od -An -tu1 -j "$at" -N1 "$1" | tr -d ' ')
  # shellcheck disable=SC2059 # the octal escape is the format
  printf "$(printf '\\%03o' $((byte ^ 1)))" | dd of="$1" bs=1 seek="$at" conv=notrunc 2>/dev/null
}
sha256() { { sha256sum "$1" 2>/dev/null || shasum -a 256 "$1"; } | cut -d' ' -f1; }
published >/dev/null 2>&1 || { echo "build-test-databases: feed publish failed" >&2; exit 1; }
echo "test databases built in $out"
