#!/usr/bin/env bash
# The two Quickstart commands (README):
#   bash run.sh        set up, then the main job: build data and releases, run every reference
#                      solution with papermill, autograde it with nbgrader, print the results table
#   bash run.sh test   set up, then the whole test suite (what CI runs)
# Setup is idempotent: a virtual environment in .venv with this project installed.
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "dxquest needs Python 3.11 or newer (found: $("$python" --version 2>&1))." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.dxquest-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  touch "$stamp"
fi
# nbgrader starts alembic and kernels from PATH: use this environment's tools.
export PATH="$PWD/.venv/bin:$PATH"

case "${1:-main}" in
  main) exec dxquest run ;;
  test) shift; exec python -m pytest "$@" ;;
  *) echo "usage: bash run.sh [main|test [pytest args]]" >&2; exit 2 ;;
esac
