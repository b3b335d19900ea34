#!/usr/bin/env bash
# System packages the kit needs beyond Python, installed only when missing (Debian/Ubuntu apt).
#   bash scripts/system-packages.sh main   what the main job needs
#   bash scripts/system-packages.sh test   what the test suite needs as well
# It says what it installs and why, and asks for root (sudo) only when something is missing.
set -euo pipefail
what=${1:-test}

missing=()
why=()
need() {  # need PACKAGE REASON TEST-COMMAND...
  local package=$1 reason=$2
  shift 2
  if ! "$@" >/dev/null 2>&1; then
    missing+=("$package")
    why+=("  $package: $reason")
  fi
}
has_postgres() { compgen -G "/usr/lib/postgresql/*/bin/initdb" || command -v initdb; }

need libgomp1 "OpenMP runtime LightGBM loads" bash -c 'ldconfig -p | grep -q libgomp.so.1'
need bubblewrap "isolates learner code while grading (bwrap)" command -v bwrap
# The kit's status marks (✓ ✗ ○ ⚠) are DejaVu Sans glyphs: emoji would be empty boxes without an
# emoji font.
need fonts-dejavu-core "the glyphs of the kit's status marks" \
  bash -c 'fc-list ":charset=2713 2717 25cb 26a0" 2>/dev/null | grep -qi dejavu'
if [ "$what" = test ]; then
  need postgresql "the PostgreSQL gradebook tests start a throwaway server" has_postgres
  need chromium "the browser test drives Debian's Chromium (/usr/bin/chromium)" \
    test -x "${DXQUEST_CHROMIUM:-/usr/bin/chromium}"
  need fonts-ipaexfont-gothic "Japanese glyphs in the browser test's screenshots" \
    bash -c 'fc-list 2>/dev/null | grep -qi ipaex'
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages (${what}):"
printf '%s\n' "${why[@]}"
if ! command -v apt-get >/dev/null; then
  echo "apt-get is not available: install the packages above with your system's package manager." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "Installing them needs root: run this script as root or install sudo." >&2
    exit 1
  fi
  sudo=(sudo)
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
