#!/usr/bin/env bash
# swift-env.sh — a Swift toolchain for the Swift binding tests.
#
# Linux hosts (Debian 12) have no usable Swift package, so we keep a Debian trixie chroot with
# `swiftlang` at ${RINGFENCE_SWIFT_ROOT:-$RINGFENCE_CACHE/swift-trixie} (/var/cache/ringfence/swift-trixie). It is built once
# (debootstrap + apt, ~1-2 min) into a temp dir next to ROOT and renamed into place only when
# complete, so an interrupted build never looks finished. Later runs are instant. Needs root.
# On macOS, or wherever `swift` is already on PATH, no chroot is built and commands run natively.
#
#   scripts/swift-env.sh                 ensure the toolchain exists
#   scripts/swift-env.sh DIR CMD...      ensure it, then run shell command CMD in DIR (chroot path)
#   source scripts/swift-env.sh          define ensure_swift_env and swift_in_chroot DIR CMD...
#                                        (swift_in_chroot calls ensure_swift_env itself)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RINGFENCE_SWIFT_ROOT="${RINGFENCE_SWIFT_ROOT:-$RINGFENCE_CACHE/swift-trixie}"
SWIFT_ENV_MARKER=".ringfence-swift-ready"
SWIFT_ENV_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

swift_is_native() {
  [[ "$(uname)" == Darwin ]] || command -v swift >/dev/null 2>&1
}

# Unmount ROOT/proc if mounted; then, if asked, remove ROOT (never crossing into other mounts).
_swift_env_discard() {
  if mountpoint -q "$1/proc" 2>/dev/null; then umount -l "$1/proc"; fi
  [[ "${2:-}" == rm ]] && rm -rf --one-file-system "$1"
  return 0
}

ensure_swift_env() {
  swift_is_native && return 0
  local root="$RINGFENCE_SWIFT_ROOT"
  [[ -f "$root/$SWIFT_ENV_MARKER" ]] && return 0
  [[ $EUID -eq 0 ]] || { echo "swift-env: building the Swift chroot needs root" >&2; return 1; }
  mkdir -p "$(dirname "$root")"
  local log="$root.log"
  echo "swift-env: building Swift chroot at $root (log: $log)" >&2
  # Subshell: its lock and EXIT trap stay local even when this file is sourced.
  (
    exec 9>"$root.lock" 8>&2  # fd 8: the real stderr, for the EXIT trap
    flock 9
    [[ -f "$root/$SWIFT_ENV_MARKER" ]] && exit 0  # another run finished it meanwhile
    if [[ -e "$root" ]]; then echo "swift-env: $root exists but has no $SWIFT_ENV_MARKER" >&2; exit 1; fi
    for old in "$root".tmp.*; do [[ ! -d "$old" ]] || _swift_env_discard "$old" rm; done  # interrupted runs
    tmp="$root.tmp.$$"
    # On any failure (set -e) or interruption: drop the temp dir and show the end of the log.
    trap 'rc=$?; _swift_env_discard "$tmp" rm
          [[ $rc -eq 0 ]] || { echo "swift-env: build failed; end of $log:"; tail -n 30 "$log"; } >&8' EXIT
    trap 'exit 130' INT TERM
    {
      if [[ ! -x /usr/sbin/debootstrap ]]; then
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap
      fi
      /usr/sbin/debootstrap --variant=minbase trixie "$tmp" http://deb.debian.org/debian
      mount -t proc proc "$tmp/proc"
      chroot "$tmp" /usr/bin/env -i PATH="$SWIFT_ENV_PATH" HOME=/root DEBIAN_FRONTEND=noninteractive \
        /bin/sh -c 'apt-get update && apt-get install -y --no-install-recommends swiftlang libc6-dev libstdc++-14-dev && apt-get clean'
      chroot "$tmp" /usr/bin/swift --version
    } >"$log" 2>&1
    _swift_env_discard "$tmp"
    touch "$tmp/$SWIFT_ENV_MARKER"
    mv -T "$tmp" "$root"
    trap - EXIT
  )
}

# swift_in_chroot DIR CMD... — run shell command "CMD..." with working directory DIR (a path inside
# the chroot) in a clean environment plus the caller's RINGFENCE_* variables. Natively, DIR is a
# host path and the environment is inherited.
swift_in_chroot() {
  local dir="$1"; shift
  ensure_swift_env
  if swift_is_native; then
    (cd "$dir" && bash -c "$*")
    return
  fi
  local root="$RINGFENCE_SWIFT_ROOT"
  (
    if ! mountpoint -q "$root/proc"; then
      mount -t proc proc "$root/proc"
      trap 'umount -l "$root/proc"' EXIT
    fi
    local -a vars=(PATH="$SWIFT_ENV_PATH" HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}") v
    for v in ${!RINGFENCE_@}; do vars+=("$v=${!v}"); done
    chroot "$root" /usr/bin/env -i "${vars[@]}" /bin/bash -c "cd $(printf %q "$dir") && $*"
  )
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  if [[ $# -eq 0 ]]; then ensure_swift_env; else swift_in_chroot "$@"; fi
fi
