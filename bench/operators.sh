#!/usr/bin/env bash
# Matrix-based vs matrix-free operator on 3D Poisson with 1,030,301 DoFs:
# -laplace(u) = 1 on the unit cube, u = 0 on the boundary (the P1 problem of
# bench/p1_poisson_3d.prm), with Q1 (25^3 cells refined twice) and with Q2
# (25^3 cells refined once), CG to a relative residual of 1e-8.
#   matrix-based: assembled Trilinos matrix, AMG (ML) preconditioner
#   matrix-free:  sum-factorization operator, geometric multigrid V-cycle
# usage: bench/operators.sh   (~2 min; NPS="1 2" to add 2 ranks)
# Prints one Markdown row per run: setup (mesh, DoFs, sparsity or matrix-free
# data), operator setup (assembly + AMG setup, or multigrid setup), solve,
# CG iterations, total wall time, peak memory of rank 0 and max u (must be
# 0.0562214 for Q1 and 0.0562128 for Q2).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FLUXION="${FLUXION:-$HERE/../build/fluxion}"
NPS="${NPS:-1}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/fluxion-operators.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
echo "| degree | operator | np | setup [s] | operator setup [s] | solve [s] | its | total [s] | peak RSS [MB] | max u |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for degree in 1 2; do
  refinement=$((3 - degree))
  for op in matrix-based matrix-free; do
    for np in $NPS; do
      prm="$WORK/q${degree}_${op}.prm"
      sed -e "s/^set Dimension = 3/set Dimension = 3\nsubsection Discretization\n  set Polynomial degree = $degree\nend/" \
          -e "s/set Initial global refinement = 2/set Initial global refinement = $refinement/" \
          -e "s/  set Preconditioner   = amg/  set Operator = $op/" \
          "$HERE/p1_poisson_3d.prm" > "$prm"
      log="$WORK/log"
      ( cd "$WORK" && mpirun -np "$np" "$FLUXION" "$prm" > "$log" 2>&1 ) ||
        { echo "| $degree | $op | $np | FAILED | | | | | | |"; continue; }
      awk -v d="$degree" -v op="$op" -v np="$np" '
        /^TIMINGS / { for (i = 2; i <= NF; ++i) { split($i, kv, "="); t[kv[1]] = kv[2] + 0 } }
        $1 == "c" && $2 == "max" { cmax = $3 }
        END {
          setup = t["mesh"] + t["dofs_and_sparsity"] + t["initial_condition"]
          opset = t["assembly"] + t["preconditioner_setup"] + t["multigrid_setup"] + t["matrix-free_residual"]
          printf "| %d | %s | %d | %.2f | %.2f | %.2f | %d | %.2f | %.0f | %.6g |\n",
                 d, op, np, setup, opset, t["linear_solve"], t["linear_iterations"],
                 t["mesh"] + t["total"], t["peak_rss_mb_max"], cmax
        }' "$log"
    done
  done
done
