#!/usr/bin/env bash
# Poisson-Nernst-Planck benchmarks (see bench/README.md):
#  1. voltage_sweep_1d.prm: Newton iterations per step for a wall potential
#     swept to -1 V in 1 mM;
#  2. gouy_chapman_2d.prm: adaptive refinement against the uniform mesh of
#     the same finest cell size (REFINE levels below 1 nm cells, default 5).
# usage: bench/pnp/run.sh [FLUXION] ; NP=2 runs the 2D case on 2 ranks.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FLUXION="$(realpath "${1:-$HERE/../../build/fluxion}")"
REFINE="${REFINE:-5}"
NP="${NP:-1}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cd "$WORK"

# 1. The voltage sweep.
start=$(date +%s.%N)
"$FLUXION" "$HERE/voltage_sweep_1d.prm" > sweep.txt 2>&1
end=$(date +%s.%N)
echo "## Wall potential swept to -1 V in 1 mM (1D, AMR)"
echo
awk -v t="$(echo "$end - $start" | bc)" '
  /^step/ { for (i = 1; i <= NF; ++i) if ($i == "newton") { n[$(i + 1)]++; if ($(i + 1) > mx) mx = $(i + 1); s += $(i + 1) } ; steps++ ; cells = $10 }
  /failed/ { failed++ }
  /phi at wall/ { phi = $4 }
  /flux phi left/ { q = $4 }
  END {
    printf "| steps | failed attempts | Newton per step (count) | max | mean | cells at the end | wall potential [V] | wall charge [C/m^2] | wall time [s] |\n|---|---|---|---|---|---|---|---|---|\n";
    hist = ""; for (k in n) hist = hist k ": " n[k] " "
    printf "| %d | %d | %s| %d | %.2f | %d | %s | %s | %.1f |\n", steps, failed, hist, mx, s / steps, cells, phi, -q, t }' sweep.txt
# At 39 V_T the Poisson-Boltzmann layer (lambda exp(-19)) is far below any
# cell, and Grahame's charge (5e5 C/m^2, point ions) is not physical: the
# sweep measures the solver's robustness, not the wall charge.
echo

# 2. Adaptive against uniform.
run2d() {
  sed -e "s/GLOBAL/$1/; s/ADAPTIVE/$2/; s/CYCLES/$3/" "$HERE/gouy_chapman_2d.prm" > gc.prm
  local s e
  s=$(date +%s.%N)
  mpirun -np "$NP" "$FLUXION" gc.prm > "gc-$4.txt" 2>&1
  e=$(date +%s.%N)
  awk -v t="$(echo "$e - $s" | bc)" -v name="$4" '
    /^Summary/ { cells = $8; dofs = $10 }
    /^cycle/ { cells = $4; dofs = $6 }
    /flux phi left/ { q = -$4 }
    END { exact = 0.12723459 * 3;
          printf "| %s | %d | %d | %.8g | %.2e | %.1f |\n", name, cells, dofs, q, (q - exact) / exact, t }' "gc-$4.txt"
}
echo "## Gouy-Chapman 2D, adaptive vs uniform (finest cell 1/2^$REFINE nm, $NP rank(s))"
echo
echo "| mesh | cells | DoFs | wall charge [C/m^2 x nm] | rel. error | wall time [s] |"
echo "|---|---|---|---|---|---|"
run2d 0 true "$REFINE" adaptive
run2d "$REFINE" false 0 uniform
