#!/usr/bin/env bash
# The two Quickstart commands (README):
#   bash run.sh        set up, then the main job: build data and releases, run every reference
#                      solution with papermill, autograde it with nbgrader, print the results table
#   bash run.sh test   set up, then the whole test suite on every core (what CI runs)
# Setup is idempotent: the system packages that are missing (scripts/system-packages.sh says which
# and why, and asks for root only then), and a virtual environment in .venv with this project.
# Each setup step prints how long it took, so CI shows where its time goes.
set -euo pipefail
cd "$(dirname "$0")"
job=${1:-main}
case "$job" in
  main | test) ;;
  *) echo "usage: bash run.sh [main|test [pytest args]]" >&2; exit 2 ;;
esac

timed() {  # timed LABEL COMMAND...: run it, then print the seconds it took
  local label=$1 start=$SECONDS
  shift
  "$@"
  echo "[setup] $label: $((SECONDS - start)) s"
}

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "dxquest needs Python 3.11 or newer (found: $("$python" --version 2>&1))." >&2
  exit 1
fi

timed "system packages" bash scripts/system-packages.sh "$job"

install_python_environment() {
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  local stamp=.venv/.dxquest-installed
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    # uv resolves the same versions from PyPI as pip and installs them in 37-46 s where pip took
    # 92-110 s (fresh clones, empty caches): a twelfth of CI's budget. Compiled, as pip does: where
    # PYTHONDONTWRITEBYTECODE is set, every kernel would compile its imports again. uv reads no pip
    # configuration: where it cannot reach PyPI itself, pip installs as before.
    if ! { .venv/bin/python -m pip install --quiet uv &&
      .venv/bin/python -m uv pip install --quiet --compile-bytecode --python .venv/bin/python \
        -e ".[test]"; }; then
      .venv/bin/python -m pip install --quiet -e ".[test]"
    fi
    # jupyter-events asks for jsonschema's format checkers, rfc3987-syntax among them, which builds
    # about 35 Earley parsers when imported: 2 s of CPU (5 s on a busy machine) in every process
    # that imports nbformat (each grading worker, nbgrader, the lab server, every dxquest command).
    # Its "iri" formats are checked by no schema the kit or Jupyter validates; without it jsonschema
    # leaves them unchecked.
    .venv/bin/python -m pip uninstall --quiet --yes rfc3987-syntax
    touch "$stamp"
  fi
}
timed "python environment" install_python_environment
# nbgrader starts alembic and kernels from PATH: use this environment's tools.
export PATH="$PWD/.venv/bin:$PATH"

if [ "$job" = main ]; then
  exec dxquest run
fi
shift
# -n auto: one test process per core (tests/conftest.py says how tests are handed out).
exec python -m pytest -n auto "$@"
