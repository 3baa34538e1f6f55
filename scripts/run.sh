#!/usr/bin/env bash
# Build Fluxion (Release) and run a parameter file, or the built-in default
# example when none is given. Plots of the run go into its output folder.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$top/build" -j"$(nproc)" > /dev/null
"$top/build/fluxion" "$@"
