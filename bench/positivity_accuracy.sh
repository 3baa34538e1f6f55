#!/usr/bin/env bash
# The accuracy cost of the positivity-preserving Q1 discretisation of the
# diffusion physics: every convergence and closed-form test of
# tests/diffusion, run with <Discretization/Positivity preserving> = auto
# (the default: on for Q1 with the matrix-based operator) and = false, side
# by side; the Q2 and matrix-free tests show what the other changes did.
# Prints one Markdown row per test and error column: the errors of the last
# cycle and the observed rates (convergence studies), or the final error.
# Usage: bench/positivity_accuracy.sh [build/fluxion]
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
fluxion="$(realpath "${1:-$top/build/fluxion}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cases="${CASES:-erfc_1d mms_2d_q1 mms_3d_q1 membrane_partition_2d amr_conservation_2d
  slab_flux_2d spherical_shell_3d spherical_shell_amr_3d hollow_cylinder_gmsh_3d
  bc_flux_mass_transfer_2d bc_henry_mass_transfer_1d nonlinear_kirchhoff_1d
  arrhenius_slab_1d stokes_einstein_slab_1d positivity_mms_unstructured_2d}"

# The value of a summary line "  <column>   <value>" of a run's screen output.
value() { { grep -E "^  $2 +[-0-9.e+]+$" "$1" || true; } | tail -1 | awk '{print $NF}'; }
# The rate of a column in the last line of the convergence table.
rate() {
  awk -v col="$2" '
    /^Convergence study/ {table = 1; next}
    table && /cycle/ {n = split($0, h, "  +"); for (i = 1; i <= n; ++i) if (h[i] == col) c = i; next}
    table && NF > 0 && $1 ~ /^[0-9]+$/ {last = $0}
    END {if (c) {split(last, v, " +"); print v[c + 2]}}' "$1"
}

echo "| test | column | positivity off | positivity auto | auto / off | rate off | rate auto |"
echo "|---|---|---|---|---|---|---|"
for name in $cases; do
  prm="$top/tests/diffusion/$name.prm"
  [ -f "$prm" ] || continue
  for mode in auto false; do
    dir="$work/$name-$mode"
    mkdir -p "$dir"
    cp "$prm" "$dir/case.prm"
    printf 'subsection Discretization\n  set Positivity preserving = %s\nend\n' \
      "$mode" >> "$dir/case.prm"
    (cd "$dir" && "$fluxion" case.prm > screen.txt 2>&1) || true
  done
  for col in "L2 error" "H1 error" "flux [a-z]+" "total amount"; do
    on="$work/$name-auto/screen.txt"
    off="$work/$name-false/screen.txt"
    for c in $({ grep -oE "^  ($col) " "$off" || true; } | sed 's/^  //; s/ $//' | sort -u | tr ' ' '~'); do
      c="${c//\~/ }"
      e_off=$(value "$off" "$c")
      e_on=$(value "$on" "$c")
      [ -n "$e_off" ] && [ -n "$e_on" ] || continue
      [ "$e_off" = 0 ] && [ "$e_on" = 0 ] && continue
      ratio=$(awk -v a="$e_on" -v b="$e_off" 'BEGIN {if (b != 0) printf "%.3g", a / b; else print "-"}')
      echo "| $name | $c | $e_off | $e_on | $ratio | $(rate "$off" "$c") | $(rate "$on" "$c") |"
    done
  done
done
