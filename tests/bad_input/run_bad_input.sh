#!/bin/bash
# Runs fluxion on one bad parameter file and checks that it fails cleanly:
#   run_bad_input.sh FLUXION FILE.prm NRANKS
# Passes only if, for the run and for 'fluxion --validate' alike,
#   - the exit code is non-zero, not 124 (timeout) and below 128 (no signal),
#   - the output (stdout + stderr) contains the substring given on the first
#     line of FILE.prm as '# expect: <substring>',
#   - 'Fluxion error:' appears exactly once in the output.
# A file whose problem only shows while the run solves says so in a line
# '# run time only: <why>'; it is not given to --validate.
# Runs in the current working directory (the program writes its output
# folder there). The time limit is BAD_INPUT_TIMEOUT seconds (default 60).

if [ $# -ne 3 ]; then
  echo "Usage: $0 FLUXION FILE.prm NRANKS" >&2
  exit 2
fi
fluxion=$1
prm=$2
ranks=$3
limit=${BAD_INPUT_TIMEOUT:-60}

first=$(head -n 1 "$prm")
case "$first" in
  "# expect: "?*) expect=${first#"# expect: "} ;;
  *)
    echo "FAIL: the first line of $prm is not '# expect: <substring>'."
    exit 1
    ;;
esac

launcher=()
if [ "$ranks" -gt 1 ]; then
  launcher=(mpirun -np "$ranks")
fi

# Checks one command; appends its problems to 'problems'.
problems=()
outputs=""
check() {
  local cmd=("$@")
  local output code count
  output=$("${cmd[@]}" 2>&1 < /dev/null)
  code=$?
  outputs+="----- output of ${cmd[*]} -----"$'\n'"$output"$'\n'
  if [ $code -eq 0 ]; then
    problems+=("${cmd[*]}: the exit code is 0: the bad input was accepted")
  elif [ $code -eq 124 ]; then
    problems+=("${cmd[*]}: no result within ${limit} s (timeout): it hangs")
  elif [ $code -ge 128 ]; then
    problems+=("${cmd[*]}: exit code $code: killed by signal $((code - 128)) (crash)")
  fi
  if ! grep -qF -- "$expect" <<< "$output"; then
    problems+=("${cmd[*]}: the output does not contain the expected message <$expect>")
  fi
  count=$(grep -c 'Fluxion error:' <<< "$output")
  if [ "$count" -ne 1 ]; then
    problems+=("${cmd[*]}: 'Fluxion error:' appears $count times, not once")
  fi
}

check timeout "$limit" "${launcher[@]}" "$fluxion" "$prm"
if ! grep -q '^# run time only:' "$prm"; then
  check timeout "$limit" "${launcher[@]}" "$fluxion" --validate "$prm"
fi

if [ ${#problems[@]} -eq 0 ]; then
  echo "PASS: $prm on $ranks rank(s)"
  exit 0
fi

echo "FAIL: $prm on $ranks rank(s)"
for p in "${problems[@]}"; do
  echo "  - $p"
done
echo "$outputs"
echo "------------------"
exit 1
