#!/usr/bin/env bash
# Fluxion run of the peer benchmarks P1/P2 (see /work/shared/bench/peers/RESULTS.md).
# usage: bench/run_fluxion.sh p1|p2 NP [extra fluxion args]
#
# Runs build/fluxion (override with FLUXION=) on bench/p1_poisson_3d.prm or
# bench/p2_transient_2d.prm through run_case of the peer harness (PEERS=, default
# /work/shared/bench/peers), in a scratch working directory under $TMPDIR (the
# run writes its output-<prm>/ folder there; removed afterwards), and prints one
# "RESULT ..." line with the field names of the peers, computed from Fluxion's
# "TIMINGS ..." line (seconds, max over ranks):
#   P1: setup = mesh + dofs_and_sparsity + initial_condition, assemble = assembly,
#       amg_setup = preconditioner_setup, cg = linear_solve, solve = amg_setup + cg,
#       its = linear_iterations, total = mesh + total (Fluxion's total excludes mesh)
#   P2: setup as P1, assemble_amg = assembly + preconditioner_setup,
#       rhs_per_step = residual_from_stored_matrices / steps,
#       solve_per_step = linear_solve / steps, step_time = time_steps / steps,
#       steps_total = time_steps, its_avg = linear_iterations / steps, total as P1
# plus check_umax (Fluxion's "c max"), check_ok (vs 0.0562214 / 0.201278 to 6
# digits) and rss_max_mb (Fluxion's own peak_rss_mb_max); run_case appends wall,
# peak_rss_mb (GNU time, max over ranks), peak_rss_sum_mb, bg_cores, steal_pct.
set -uo pipefail

# ---- per-rank wrapper (executed by every MPI rank under GNU time) ----------
# _rank SCRATCH PROB PRM [args]: run fluxion in SCRATCH; rank 0 then copies the
# log to stdout and prints the RESULT line.  Exit code = fluxion's.
if [ "${1:-}" = _rank ]; then
  scratch="$2"; prob="$3"; prm="$4"; shift 4
  rank="${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-0}}"
  cd "$scratch" || exit 1
  "${FLUXION:?}" "$prm" "$@" > "log.$rank" 2>&1
  rc=$?
  [ "$rank" = 0 ] || exit $rc
  cat log.0
  [ $rc -eq 0 ] || exit $rc
  np="${OMPI_COMM_WORLD_SIZE:-${PMI_SIZE:-1}}"
  awk -v prob="$prob" -v np="$np" '
    /^TIMINGS / { for (i = 2; i <= NF; ++i) { split($i, kv, "="); t[kv[1]] = kv[2] + 0 }; have = 1 }
    /^Fluxion: / { for (i = 1; i <= NF; ++i) if ($(i+1) ~ /^cells,?$/) cells = $i }
    $1 == "c" && $2 == "max" { cmax = $3 }
    END {
      if (!have) { print "no TIMINGS line in the Fluxion output" > "/dev/stderr"; exit 1 }
      setup = t["mesh"] + t["dofs_and_sparsity"] + t["initial_condition"]
      total = t["mesh"] + t["total"]
      steps = t["steps"]
      if (prob == "p1") {
        ref = 0.0562214
        s = sprintf("prob=P1 np=%d dofs=%d cells=%s setup=%.4g assemble=%.4g amg_setup=%.4g cg=%.4g solve=%.4g its=%d total=%.4g",
                    np, t["dofs"], cells, setup, t["assembly"], t["preconditioner_setup"], t["linear_solve"],
                    t["preconditioner_setup"] + t["linear_solve"], t["linear_iterations"], total)
      } else {
        ref = 0.201278
        n = (steps > 0) ? steps : 1
        s = sprintf("prob=P2 np=%d dofs=%d cells=%s steps=%d setup=%.4g assemble_amg=%.4g rhs_per_step=%.4g solve_per_step=%.4g step_time=%.4g steps_total=%.4g its_avg=%.4g total=%.4g",
                    np, t["dofs"], cells, steps, setup, t["assembly"] + t["preconditioner_setup"],
                    t["residual_from_stored_matrices"] / n, t["linear_solve"] / n, t["time_steps"] / n,
                    t["time_steps"], t["linear_iterations"] / n, total)
      }
      ok = (cmax != "" && sprintf("%.6g", cmax + 0) == sprintf("%.6g", ref)) ? "yes" : "no"
      printf "RESULT tool=fluxion %s check_umax=%.6g check_ok=%s rss_max_mb=%.1f t_mesh=%.3g t_dofs=%.3g t_ic=%.3g t_postprocess=%.3g\n",
             s, cmax, ok, t["peak_rss_mb_max"], t["mesh"], t["dofs_and_sparsity"], t["initial_condition"], t["postprocess"]
    }' log.0
  exit $?
fi

# ---- driver -----------------------------------------------------------------
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEERS="${PEERS:-/work/shared/bench/peers}"
. "$PEERS/lib.sh"
export FLUXION="${FLUXION:-$HERE/../build/fluxion}"
PROB="${1:-p1}"; NP="${2:-1}"; shift 2 || true
case "$PROB" in
  p1) PRM="$HERE/p1_poisson_3d.prm" ;;
  p2) PRM="$HERE/p2_transient_2d.prm" ;;
  *) echo "usage: $0 p1|p2 NP [fluxion args]" >&2; exit 2 ;;
esac
[ -x "$FLUXION" ] || { echo "no Fluxion executable at $FLUXION (build it first)" >&2; exit 1; }
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/fluxion-bench.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
run_case "$NP" "$HERE/run_fluxion.sh" _rank "$SCRATCH" "$PROB" "$PRM" "$@"
