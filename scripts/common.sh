# Shared settings for the scripts (source it). Caches live outside the repo when possible
# (/var/cache/ringfence), and are reused when present but never required.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RINGFENCE_CACHE="${RINGFENCE_CACHE:-/var/cache/ringfence}"
if ! mkdir -p "$RINGFENCE_CACHE" 2>/dev/null || [[ ! -w "$RINGFENCE_CACHE" ]]; then
  RINGFENCE_CACHE="$REPO_ROOT/build/cache"
  mkdir -p "$RINGFENCE_CACHE"
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$RINGFENCE_CACHE/target}"
# Where the host library and generated bindings are staged for the Kotlin/Swift tests.
STAGE_DIR="${RINGFENCE_STAGE_DIR:-$REPO_ROOT/build/host}"

section() { printf '\n==== %s ====\n' "$*"; }

# need CMD DEBIAN_PACKAGE: installs the package with apt-get when CMD is missing (as root).
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $2 for $1"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 not found (install $2)" >&2; return 1; }
}
