#!/usr/bin/env bash
# Configure, build (Release) and run every test, including those on 2 MPI
# ranks. Used by the README's second command and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
cd build
ctest -j"$(nproc)" --output-on-failure
