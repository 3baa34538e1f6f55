#!/usr/bin/env bash
# Dopant diffusion benchmarks (issue: dopant diffusion in silicon):
#  1. 1D boron predeposition (950 C, 20 min, 5e19 cm^-3) + drive-in (1100 C,
#     30 min): the cheapest mesh and time tolerance whose junction depth is
#     within 0.5 % of the exact 0.960857 um (tests/dopant/reference_values.py),
#     with wall time, nodes and steps of each configuration.
#  2. 2D masked-window predeposition: adaptive (log-concentration criterion,
#     12.5 nm finest cells) against the uniform 12.5 nm mesh.
#  3. The same with a 0.1 nm interface layer (h = 1e-6 cm/s) and a drive-in:
#     coarsening next to the layer, adaptive against uniform.
# "run" is the program's own time without start-up (TIMINGS total),
# "process" the whole launch (MPI start, loading the libraries, plots).
# Usage: bench/dopant.sh   (build/fluxion in Release; FLUXION= to override)
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
fluxion="${FLUXION:-$top/build/fluxion}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# run PRM -> "wall steps cells dofs xj lateral"
run() {
  local out t0 t1
  t0=$(date +%s.%N)
  # The default time control (some tests keep the earlier one, floor 0).
  sed -e 's/set Print timings *= false/set Print timings = true/' \
      -e '/set Time error floor/d' "$1" > run.prm
  out=$("$fluxion" run.prm 2>&1)
  t1=$(date +%s.%N)
  local wall solver steps cells dofs xj lat
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  solver=$(echo "$out" | tr ' ' '\n' | sed -n 's/^total=//p' | awk '{printf "%.3f", $1}')
  steps=$(echo "$out" | sed -n 's/^Summary: \([0-9]*\) steps.*/\1/p')
  cells=$(echo "$out" | sed -n 's/^Summary: .*, \([0-9]*\) cells, .*/\1/p')
  dofs=$(echo "$out" | sed -n 's/^Summary: .* cells, \([0-9]*\) DoFs.*/\1/p')
  xj=$(echo "$out" | awk '/^  junction depth \[um\]/ {print $NF; exit}')
  lat=$(echo "$out" | awk '/^  lateral junction \[um\]/ {print $NF; exit}')
  echo "$wall $solver $steps $cells $dofs $xj ${lat:--}"
}

echo "### 1D predeposition + drive-in (exact junction depth 0.960857 um)"
echo
echo "| cells | time tolerance | nodes | steps | junction depth [um] | error | run [s] | process [s] |"
echo "|---|---|---|---|---|---|---|---|"
for cells in 150 300 600 1200; do
  for tol in 1e-4 1e-5 1e-6; do
    sed -e "s/set Subdivisions = 1500/set Subdivisions = $cells/" \
        -e "s/set Tolerance *= .*/set Tolerance    = $tol/" \
        "$top/tests/dopant/predep_drive_in_1d.prm" > p.prm
    read -r wall solver steps c dofs xj lat <<< "$(run p.prm)"
    err=$(awk -v x="$xj" 'BEGIN {printf "%.2f %%", 100 * (x - 0.9608571478623278) / 0.9608571478623278}')
    echo "| $cells | $tol | $dofs | $steps | $xj | $err | $solver | $wall |"
  done
done

echo
echo "### 2D masked window, 1000 C 30 min: adaptive vs uniform 12.5 nm mesh"
echo
echo "| mesh | final cells | DoFs | steps | junction depth [um] | lateral junction [um] | run [s] | process [s] |"
echo "|---|---|---|---|---|---|---|---|"
for name in uniform amr; do
  read -r wall solver steps c dofs xj lat <<< "$(run "$top/tests/dopant/masked_window_${name}_2d.prm")"
  echo "| $name | $c | $dofs | $steps | $xj | $lat | $solver | $wall |"
done

echo
echo "### 2D window in an oxide mask with a 0.1 nm interface layer (h = 1e-6 cm/s),"
echo "### 1000 C 30 min predeposition + 1050 C 15 min drive-in: adaptive vs uniform 12.5 nm mesh"
echo
echo "| mesh | final cells | DoFs | steps | junction depth [um] | lateral junction [um] | run [s] | process [s] |"
echo "|---|---|---|---|---|---|---|---|"
base="$top/tests/dopant/interface_layer_amr_2d.prm"
sed -e 's/set Steps = predep: 1000 C, 30 min/set Steps = predep: 1000 C, 30 min; drive: 1050 C, 15 min/' \
    -e 's/set Checks = .*/set Checks =/' "$base" > layer_amr.prm
sed -e 's/set Adaptive refinement *= true/set Adaptive refinement = false\n  set Initial global refinement = 3/' \
    layer_amr.prm > layer_uniform.prm
for name in uniform amr; do
  read -r wall solver steps c dofs xj lat <<< "$(run layer_$name.prm)"
  echo "| $name | $c | $dofs | $steps | $xj | $lat | $solver | $wall |"
done
