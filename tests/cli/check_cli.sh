#!/usr/bin/env bash
# Command-line checks: fluxion --help, --version, --print-parameters (prm
# and json), --validate on a valid file and on a file with three problems.
set -u
fluxion="$1"
src="$2"
fail() { echo "FAIL: $*"; exit 1; }

"$fluxion" --help | grep -q "Usage: fluxion" || fail "--help"
"$fluxion" --version | grep -q "deal.II 9" || fail "--version"
"$fluxion" --print-parameters prm | grep -q "set Partition coefficients" || fail "--print-parameters prm"
"$fluxion" --print-parameters json > params.json || fail "--print-parameters json"
python3 -c "import json; json.load(open('params.json'))" || fail "json output is not valid JSON"
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
echo "all command-line checks passed"
