#!/usr/bin/env bash
# Plots of a tiny steady and a tiny transient run (scripts/plot.sh, called by
# the run at its end):
#   - every PNG made is a non-empty, valid PNG, and no file is 0 bytes;
#   - the run's screen output names the plots made, and no plot failed;
#   - steady: fluxes.png (one bar per boundary) and profile.png, no amount.png;
#   - transient: one panel per boundary in fluxes.png (each its own axis);
#     the profile legends give the times of the output steps (t = 0, 0.2,
#     0.4, 0.6 s; plot.sh --dry-run prints the gnuplot commands);
#   - a plot that fails is reported with its name and leaves no file.
# Usage: check_plots.sh FLUXION TEST_SOURCE_DIR
set -u
fluxion="$1"
src="$2"
plot="$src/../../scripts/plot.sh"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
# Every PNG in a folder is valid, and no file there is empty.
check_files() {
  local f
  for f in "$1"/*.png; do
    [ -e "$f" ] || continue
    [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
      fail "$f is not a valid PNG ($(stat -c %s "$f") bytes)"
  done
  for f in $(find "$1" -type f -size 0); do
    fail "$f is empty"
  done
}

rm -rf steady transient broken
for case in steady transient; do
  out=$("$fluxion" "$src/plots_$case.prm" 2>&1) || fail "$case run: exit code $?"
  check_files "$case"
  grep -q "^Plot .*failed" <<< "$out" && fail "$case: $(grep '^Plot .*failed' <<< "$out")"
  grep -q "^Plots: .*profile.png" <<< "$out" || fail "$case: the run does not name the plots it made"
  [ -s "$case/profile.png" ] || fail "$case: no profile.png"
  [ -s "$case/fluxes.png" ] || fail "$case: no fluxes.png"
done
[ -e steady/amount.png ] && fail "steady: amount.png of a single state"
[ -s transient/amount.png ] || fail "transient: no amount.png"

# Steady: one bar per boundary, labelled with the signed flux.
cmds=$("$plot" --dry-run steady) || fail "plot.sh --dry-run steady: exit code $?"
grep -q "with boxes" <<< "$cmds" || fail "steady: fluxes.png is not a bar chart"
for b in left right top bottom; do
  grep -q "^[0-9]* \"$b\" " <<< "$cmds" || fail "steady: no bar for boundary $b"
done

# Transient: one panel per boundary and the times in the profile legends.
cmds=$("$plot" --dry-run transient) || fail "plot.sh --dry-run transient: exit code $?"
grep -q "multiplot layout 1,2" <<< "$cmds" || fail "transient: fluxes.png is not one panel per boundary"
for b in left right; do
  grep -q "^set title 'flux $b'" <<< "$cmds" || fail "transient: no panel for flux $b"
done
titles=$(grep -o "title 't = [^']*'" <<< "$cmds" | tr '\n' ';')
[ "$titles" = "title 't = 0 s';title 't = 0.2 s';title 't = 0.4 s';title 't = 0.6 s';" ] ||
  fail "transient: profile legends are <$titles>, not t = 0, 0.2, 0.4, 0.6 s"

# A plot that cannot be made is named with gnuplot's reason and leaves no file.
mkdir -p broken
awk -F, -v OFS=, 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "flux left") c = i}
  NR > 1 {$c = "x"} 1' transient/statistics.csv > broken/statistics.csv
msg=$("$plot" broken 2>&1)
code=$?
[ $code -ne 0 ] || fail "plot.sh exits 0 although a plot failed"
grep -q "^Plot fluxes.png failed: ." <<< "$msg" || fail "plot.sh does not say that fluxes.png failed and why: <$msg>"
[ -e broken/fluxes.png ] && fail "a failed plot left broken/fluxes.png"
check_files broken

if [ $failures -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all plot checks passed"
