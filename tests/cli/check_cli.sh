#!/usr/bin/env bash
# Command-line checks: fluxion --help, --version, --print-parameters (prm
# and json), --validate on a valid file and on a file with three problems,
# an empty parameter file and a directory (run and --validate, 1 and 2
# ranks), and the revision script without git.
#   check_cli.sh FLUXION TESTS_CLI_SOURCE_DIR CMAKE
set -u
fluxion="$1"
src="$2"
cmake="${3:-cmake}"
top="$src/../.."
fail() { echo "FAIL: $*"; exit 1; }

"$fluxion" --help | grep -q "Usage: fluxion" || fail "--help"
# --version: a revision token, and no empty field (Debian's deal.II has no
# git revision).
version=$("$fluxion" --version)
grep -Eq '^Fluxion [^ ()]+ \(deal\.II 9[0-9.]*(, revision [^ ()]+)?\)$' <<< "$version" ||
  fail "--version prints <$version>"
# The revision script finds the commit without git (as when git is missing
# or refuses a clone owned by another user).
if git -C "$top" rev-parse HEAD > /dev/null 2>&1; then
  rm -f revision.h
  "$cmake" -DSOURCE_DIR="$top" -DOUTPUT=revision.h -DGIT_EXECUTABLE=/bin/false \
    -P "$top/cmake/fluxion_revision.cmake" || fail "cmake/fluxion_revision.cmake"
  expected=$(git -C "$top" rev-parse HEAD | cut -c1-7)
  grep -q "\"$expected\"" revision.h ||
    fail "without git the revision is <$(cat revision.h)>, not $expected"
fi
"$fluxion" --print-parameters prm > params.prm || fail "--print-parameters prm"
grep -q "set Partition coefficients" params.prm || fail "--print-parameters prm"
# The sections of every physics come from the registry, each under its
# heading: Fickian diffusion's laws and conditions one example each, the
# dopant physics' named subsections from its default step and dopant.
for p in "# set Physics = diffusion" "# set Physics = dopant diffusion" \
  "subsection <region> with law 'arrhenius'" \
  "subsection <boundary> with type 'mass transfer'" "set B = inert"; do
  grep -qF "$p" params.prm || fail "--print-parameters prm lacks '$p'"
done
"$fluxion" --print-parameters json > params.json || fail "--print-parameters json"
python3 -c "
import json, sys
d = json.load(open('params.json'))
physics = d['physics']
sys.exit(not (sorted(physics) == ['diffusion', 'dopant diffusion',
                                  'poisson nernst planck']
              and 'Species' in physics['poisson nernst planck']['Poisson Nernst Planck']
              and 'Materials' in physics['diffusion']
              and 'Materials' not in d['global']
              and 'Thermal process' in physics['dopant diffusion']))
" || fail "json output is not valid JSON with the global and the physics' sections"
for p in "arrhenius': D = D0" "Transfer coefficient" "Hydrodynamic radius" "Curved boundaries"; do
  grep -q "$p" params.json || fail "json output lacks '$p'"
done
"$fluxion" --validate "$src/../diffusion/slab_flux_2d.prm" | grep -q "is valid" || fail "--validate on a valid file"
out=$("$fluxion" --validate "$src/three_problems.prm" 2>&1)
rc=$?
[ $rc -eq 1 ] || fail "--validate exit code $rc on a bad file"
echo "$out" | grep -q "3 problem(s)" || fail "--validate did not report 3 problems: $out"
for p in "Minimum level" "End time" "diffusivity must be positive"; do
  echo "$out" | grep -q "$p" || fail "--validate misses '$p'"
done
# Every example in prm/ and bench/ is a valid parameter file.
for f in "$src"/../../prm/*.prm "$src"/../../prm/*/*.prm "$src"/../../bench/*.prm; do
  "$fluxion" --validate "$f" > /dev/null 2>&1 || fail "--validate $f"
done
"$fluxion" --no-such-option > /dev/null 2>&1 && fail "an unknown option was accepted"

# An empty parameter file, one with blanks only, and a directory are errors
# (they ran a one-cell default problem), reported once with exit code 1.
: > empty.prm
printf '\n   \n\t\n' > blank.prm
mkdir -p a_directory.prm
for np in 1 2; do
  for f in empty.prm blank.prm a_directory.prm; do
    case $f in
      a_directory.prm) expect="The parameter file <$f> is a directory" ;;
      *) expect="The parameter file <$f> is empty: it sets no parameter." ;;
    esac
    for mode in "" --validate; do
      if [ $np -gt 1 ]; then
        out=$(timeout 60 mpirun -np 2 "$fluxion" $mode $f 2>&1)
      else
        out=$(timeout 60 "$fluxion" $mode $f 2>&1)
      fi
      rc=$?
      [ $rc -eq 1 ] || fail "$np rank(s), fluxion $mode $f: exit code $rc: $out"
      [ "$(grep -c 'Fluxion error:' <<< "$out")" -eq 1 ] ||
        fail "$np rank(s), fluxion $mode $f: not one 'Fluxion error:': $out"
      grep -qF "$expect" <<< "$out" ||
        fail "$np rank(s), fluxion $mode $f: no <$expect>: $out"
    done
  done
done
echo "all command-line checks passed"
