#!/usr/bin/env bash
# Install what Fluxion needs on Debian 12 (deal.II with MPI, p4est and
# Trilinos; numdiff for the tests; gmsh for meshes; gnuplot for plots). The
# list is scripts/packages.txt.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends \
  $(cat "$(dirname "$0")/packages.txt")
