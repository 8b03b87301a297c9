#!/usr/bin/env bash
# lookup-fixture.sh OUT — the published lookup feed the Kotlin and Swift lookup tests fetch
# (served by scripts/nginx-serve.sh), made with the `ringfence` CLI (scripts/lib.sh cli_bin):
#
#   OUT/feed.public, OUT/foreign.public   the feed's key and another one (64 hex digits)
#   OUT/www/good/                         version 2: manifest.json and b/00.bkt … b/3f.bkt (6 bits)
#   OUT/www/tampered/                     good's manifest, every bucket's last byte flipped
#   OUT/www/truncated/                    good's manifest, every bucket cut in half
#   OUT/www/replay/                       good's manifest, version 1's buckets
#   OUT/www/foreign/                      good's manifest, buckets signed with the foreign key
#   OUT/www/swapped/                      good's manifest, bucket i holds bucket i+1
#   OUT/www/missing/                      good's manifest, no buckets (404)
#
# The feed (the CLI lookup test's, cli/tests/lookup_cli.rs): +41446681800 block/scam "Fake bank
# 044 668 18 00", +390255512345 silence/telemarketing, the range +4121560#### (not published).
source "$(dirname "$0")/lib.sh"
out="${1:?usage: lookup-fixture.sh OUT}"
cli="$(cli_bin)"
rm -rf "$out" && mkdir -p "$out/www"
out="$(cd "$out" && pwd)"

for name in feed foreign; do
  "$cli" keygen --secret "$out/$name.secret" --public "$out/$name.public" >/dev/null
done
cat >"$out/list.csv" <<'EOF'
pattern,action,category,label
+41446681800,block,scam,Fake bank 044 668 18 00
+390255512345,silence,telemarketing,
+4121560####,block,spam,
EOF
publish() { # publish VERSION KEY_NAME DIR
  "$cli" build --out "$out/feed$1-$2.rfdb" --key "$out/$2.secret" --feed spam --version "$1" "$out/list.csv" >/dev/null
  "$cli" lookup publish --db "$out/feed$1-$2.rfdb" --key "$out/$2.secret" --out "$3" --bits 6 >/dev/null
}
publish 2 feed "$out/v2"
publish 1 feed "$out/v1"
publish 2 foreign "$out/foreign-v2"

for variant in good tampered truncated replay foreign swapped missing; do
  mkdir -p "$out/www/$variant/b"
  cp "$out/v2/manifest.json" "$out/www/$variant/"
done
for i in $(seq 0 63); do
  b="b/$(printf %02x "$i")"
  next="b/$(printf %02x $(((i + 1) % 64)))"
  cp "$out/v2/$b.bkt" "$out/www/good/$b.bkt"
  cp "$out/v1/$b.bkt" "$out/www/replay/$b.bkt"
  cp "$out/foreign-v2/$b.bkt" "$out/www/foreign/$b.bkt"
  cp "$out/v2/$next.bkt" "$out/www/swapped/$b.bkt"
  size=$(stat -c %s "$out/v2/$b.bkt")
  head -c $((size / 2)) "$out/v2/$b.bkt" >"$out/www/truncated/$b.bkt"
  last=$(tail -c 1 "$out/v2/$b.bkt" | od -An -tu1 | tr -d ' ')
  { head -c $((size - 1)) "$out/v2/$b.bkt"; printf "\\x$(printf %02x $((last ^ 1)))"; } >"$out/www/tampered/$b.bkt"
done
rm -rf "$out/v1" "$out/v2" "$out/foreign-v2" "$out"/*.rfdb "$out"/*.secret
echo "lookup fixture in $out"
