#!/usr/bin/env bash
# Fluxion vs. peers on the benchmark problems P1 and P2, all in the SAME run
# (the dev VM is noisy: only ratios measured side by side are meaningful).
#
# usage: bench/run.sh       (~5 min on a quiet 2-core dev VM with REPS=1; up to
#                            ~12 min if many runs are noisy and get repeated)
# Knobs (environment):
#   REPS=1        interleaved repetitions (median reported)
#   NPS="1 2"     MPI rank counts
#   PROBS="p1 p2" problems
#   TOOLS="fluxion dealii fenicsx"   subset of tools to run
#   FLUXION=build/fluxion            Fluxion executable (it and libfluxion.so
#                 next to it are copied to a snapshot directory first, so a
#                 rebuild during the run cannot change what is measured)
#   PEERS=/work/shared/bench/peers   the peer harness (lib.sh, run_*.sh)
#   WAIT_QUIET=10 before each run wait up to this many seconds for other
#                 processes to use < 0.3 cores (lib.sh's wait_quiet)
#   RETRY_NOISY=1 repeat a run once if other processes used >= 0.3 cores during
#                 it (bg_cores), after waiting up to RETRY_WAIT=60 s for quiet;
#                 both lines are kept, the tables use the clean one
#   MPI_BIND=none rank binding (see lib.sh)
# Per problem and np it runs: Fluxion (bench/run_fluxion.sh), the deal.II
# reference program with Trilinos ML (run_dealii.sh pX NP trilinos), and
# FEniCSx 0.5 (run_fenicsx.sh p1 NP gamg hex / p2 NP hypre hex), i.e. the
# fastest peer configuration of each tool in the peers' RESULTS.md.
# RESULT lines are appended to bench/results/raw-<date>.txt (git-ignored) and
# bench/summarize.py prints the Markdown tables from them.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEERS="${PEERS:-/work/shared/bench/peers}"
export PEERS
. "$PEERS/lib.sh"
REPS="${REPS:-1}"
NPS="${NPS:-1 2}"
PROBS="${PROBS:-p1 p2}"
TOOLS=" ${TOOLS:-fluxion dealii fenicsx} "
RETRY_NOISY="${RETRY_NOISY:-1}"
RETRY_WAIT="${RETRY_WAIT:-60}"
FLX_SRC="${FLUXION:-$HERE/../build/fluxion}"
mkdir -p "$HERE/results"
RAW="$HERE/results/raw-$(date +%Y%m%d-%H%M%S).txt"
T_START=$(date +%s)

want() { [[ "$TOOLS" == *" $1 "* ]]; }
log() { echo "[$(($(date +%s) - T_START))s] $*" >&2; }
run_once() { # run one configuration, append its RESULT line to $RAW; prints its bg_cores
  local bg; bg="$(wait_quiet "${1#--wait=}")"; shift
  log "$* (background load before start: $bg cores)"
  local line
  if line="$("$@")" && [ -n "$line" ]; then
    echo "$line" >> "$RAW"
    log "  -> $(echo "$line" | tr ' ' '\n' | grep -E '^(total|wall|check_umax|check_ok|bg_cores)=' | tr '\n' ' ')"
    echo "$line" | tr ' ' '\n' | sed -n 's/^bg_cores=//p'
  else
    echo "# FAILED: $*" >> "$RAW"
    log "  -> FAILED: $*"
    echo 0
  fi
}
run() { # run_once; if the run was noisy (bg_cores >= 0.3) and RETRY_NOISY=1,
        # wait up to RETRY_WAIT s for a quiet machine and run it once more
        # (both lines are kept; summarize.py prefers the clean runs)
  local bg; bg="$(run_once --wait="${WAIT_QUIET:-10}" "$@")"
  if [ "$RETRY_NOISY" = 1 ] && awk -v x="$bg" 'BEGIN{exit !(x >= 0.3)}'; then
    log "  noisy run (bg_cores=$bg), repeating it once"
    run_once --wait="$RETRY_WAIT" "$@" > /dev/null
  fi
}
D="$PEERS/dealii/run_dealii.sh"; X="$PEERS/fenicsx/run_fenicsx.sh"
F="$HERE/run_fluxion.sh"

# ---- Fluxion snapshot: the executable and its library, used for the whole run
if want fluxion; then
  [ -x "$FLX_SRC" ] || { echo "no Fluxion executable at $FLX_SRC" >&2; exit 1; }
  SNAP="$(mktemp -d "${TMPDIR:-/tmp}/fluxion-snap.XXXXXX")"
  trap 'rm -rf "$SNAP"' EXIT
  cp -p "$FLX_SRC" "$SNAP/fluxion"
  [ -f "$(dirname "$FLX_SRC")/libfluxion.so" ] && cp -p "$(dirname "$FLX_SRC")/libfluxion.so" "$SNAP/"
  # LD_LIBRARY_PATH is searched before the executable's RUNPATH (build dir)
  export LD_LIBRARY_PATH="$SNAP${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export FLUXION="$SNAP/fluxion"
fi

{
  echo "# Fluxion vs peers raw results $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# host: $(nproc --all) cpus, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# fluxion: $(git -C "$HERE/.." describe --always --dirty 2>/dev/null), binary $FLX_SRC built $(date -r "$FLX_SRC" '+%Y-%m-%d %H:%M:%S' 2>/dev/null)"
  echo "# versions: deal.II $(dpkg-query -W -f='${Version}' libdeal.ii-dev 2>/dev/null)," \
       "dolfinx $(dpkg-query -W -f='${Version}' python3-dolfinx 2>/dev/null)," \
       "openmpi $(dpkg-query -W -f='${Version}' libopenmpi3 2>/dev/null)"
  echo "# REPS=$REPS NPS=$NPS PROBS=$PROBS TOOLS=$TOOLS RETRY_NOISY=$RETRY_NOISY MPI_BIND=${MPI_BIND:-none}"
} > "$RAW"

# ---- preparation (not timed): peer build and JIT cache
want dealii && { log "build deal.II reference program (once)"; "$D" build || TOOLS="${TOOLS/ dealii / }"; }
want fenicsx && { log "FEniCSx JIT warm-up"; "$X" warmup; }

# ---- measurements, interleaved: per rep, np and problem all tools back to
# back; the tool order rotates with the repetition so no tool always runs first
order=(fluxion dealii fenicsx)
for rep in $(seq 1 "$REPS"); do
  for np in $NPS; do
    log "=== repetition $rep/$REPS, $np rank(s)"
    for prob in $PROBS; do
      for k in 0 1 2; do
        tool="${order[$(( (k + rep - 1) % 3 ))]}"
        want "$tool" || continue
        case "$tool:$prob" in
          fluxion:*) run "$F" "$prob" "$np" ;;
          dealii:*) run "$D" "$prob" "$np" trilinos ;;
          fenicsx:p1) run "$X" p1 "$np" gamg hex ;;
          fenicsx:p2) run "$X" p2 "$np" hypre hex ;;
        esac
      done
    done
  done
done

T_RUN=$(($(date +%s) - T_START))
echo "# run time ${T_RUN} s" >> "$RAW"
log "done in ${T_RUN} s; raw results in ${RAW#"$HERE"/}"
echo
echo "Fluxion vs peers, $(sed -n 2p "$RAW" | sed 's/^# //')"
echo "$(sed -n 3p "$RAW" | sed 's/^# //'); run $(date -u +%Y-%m-%d), ${T_RUN} s, REPS=$REPS"
echo
"$PY" "$HERE/summarize.py" "$RAW"
