#!/usr/bin/env bash
# Write the expected output of a .prm test from a run of the current build:
#   scripts/make_test_output.sh tests/<group>/<name>.prm [NRANKS]
# The run must pass its own verification checks (exit code 0); read the new
# .output before committing it.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
prm="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
np="${2:-1}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
cd "$tmp"
if [ "$np" = 1 ]; then
  out="${prm%.prm}.output"
  timeout 600 "$top/build/fluxion" "$prm" > output 2>&1
else
  out="${prm%.prm}.mpirun=$np.output"
  timeout 600 mpirun -np "$np" "$top/build/fluxion" "$prm" > output 2>&1
fi
cp output "$out"
rm -rf "$tmp"
echo "wrote $out"
