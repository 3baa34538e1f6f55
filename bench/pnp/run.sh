#!/usr/bin/env bash
# Poisson-Nernst-Planck benchmarks (see bench/README.md):
#  1. voltage_sweep_1d.prm: Newton iterations per step for a wall potential
#     swept to -1 V in 1 mM;
#  2. gouy_chapman_2d.prm: adaptive refinement against the uniform mesh of
#     the same finest cell size (REFINE levels below 1 nm cells, default 5);
#  3. electrode_3d.prm: a 3D electrode patch on N3^3 cells (default 69:
#     1.03M DoFs) on 1 and 2 ranks, beside the same discrete problem in
#     FEniCSx (pnp_fenicsx.py, Debian's python3-dolfinx).
# usage: bench/pnp/run.sh [FLUXION] ; NP=2 runs the 2D case on 2 ranks;
# PARTS="sweep amr 3d" (the default) picks the parts.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FLUXION="$(realpath "${1:-$HERE/../../build/fluxion}")"
REFINE="${REFINE:-5}"
NP="${NP:-1}"
PARTS=" ${PARTS:-sweep amr 3d} "
N3="${N3:-69}"
PY="${PYTHON:-/usr/bin/python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cd "$WORK"

# 1. The voltage sweep.
if [[ "$PARTS" == *" sweep "* ]]; then
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
fi

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
if [[ "$PARTS" == *" amr "* ]]; then
echo "## Gouy-Chapman 2D, adaptive vs uniform (finest cell 1/2^$REFINE nm, $NP rank(s))"
echo
echo "| mesh | cells | DoFs | wall charge [C/m^2 x nm] | rel. error | wall time [s] |"
echo "|---|---|---|---|---|---|"
run2d 0 true "$REFINE" adaptive
run2d "$REFINE" false 0 uniform
echo
fi

# 3. 3D, about 1M DoFs, Fluxion and FEniCSx side by side.
run3d() { # tool formulation ranks
  local out="e3-$1-${2// /_}-$3.txt" s e
  s=$(date +%s.%N)
  if [ "$1" = fluxion ]; then
    sed -e "s/N, N, N/$N3, $N3, $N3/" -e "s/FORMULATION/$2/" \
      "$HERE/electrode_3d.prm" > e3.prm
    mpirun -np "$3" "$FLUXION" e3.prm > "$out" 2>&1
  else
    mpirun -np "$3" "$PY" "$HERE/pnp_fenicsx.py" "$N3" > "$out" 2>&1
  fi
  e=$(date +%s.%N)
  awk -v t="$(echo "$e - $s" | bc)" -v tool="$1" -v form="$2" -v np="$3" '
    /^cycle/ { dofs = $6; newton = $8; linear = $10 }
    /total amount Na/ { na = $4 }
    /^RESULT/ { for (i = 2; i <= NF; ++i) { split($i, kv, "="); r[kv[1]] = kv[2] }
                dofs = r["dofs"]; newton = r["newton"]; linear = r["linear"]; na = r["amount_Na"] }
    END { printf "| %s | %s | %d | %d | %d | %d | %.1f | %.10g |\n", tool, form, np, dofs, newton, linear, t, na }' "$out"
}
if [[ "$PARTS" == *" 3d "* ]]; then
  # FEniCSx compiles its forms once (cached), outside the timing.
  "$PY" "$HERE/pnp_fenicsx.py" 4 > /dev/null 2>&1
  echo "## 3D electrode patch, $N3^3 Q1 cells (GMRES + field split in both)"
  echo
  echo "| tool | discretisation | ranks | DoFs | Newton | GMRES iterations | wall time [s] | amount of Na [mol/m^3 nm^3] |"
  echo "|---|---|---|---|---|---|---|---|"
  for np in 1 2; do
    run3d fluxion galerkin "$np"
    run3d fenicsx galerkin "$np"
    run3d fluxion "exponential fitting" "$np"
  done
fi
