#!/usr/bin/env bash
# Corrupted checkpoints, on NRANKS ranks:
#   checkpoint_corruption.sh FLUXION NRANKS
# A 2D run with AMR writes checkpoints at steps 3, 6 and 9 (checkpoint-a,
# -b, -a) and stops after step 10. In copies of its output folder the newest
# checkpoint (step 9) is damaged: a truncated state file, flipped bytes in
# the mesh file, flipped bytes in meta.txt, a missing checksums.txt. Each
# resumed run must name the damaged checkpoint and the file, resume from
# checkpoint-b (step 6), and end with the statistics table of the
# uninterrupted run (every row and column, to 1e-9 of each column's largest
# value: the runs differ by the linear solver only). With both checkpoints
# damaged the run must stop with exit code 1 and one error naming both; so
# must a resume with another element degree (the fields and the degree are
# saved with each checkpoint).
set -u
fluxion="$1"
np="$2"
fail() { echo "FAIL: $*"; exit 1; }

run() {
  if [ "$np" -gt 1 ]; then
    timeout 120 mpirun -np "$np" "$fluxion" "$@" 2>&1
  else
    timeout 120 "$fluxion" "$@" 2>&1
  fi
}

# The problem, with DIR and the checkpointing lines filled in per run.
problem() {
  cat <<EOF
set Dimension = 2
subsection Geometry
  subsection box
    set Subdivisions = 4, 4
  end
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Adaptive refinement       = true
  set Steps between refinements = 2
  set Maximum level             = 4
end
subsection Boundary conditions
  set Types = left: dirichlet, right: mass transfer
  subsection left
    set Concentration = 1
  end
  subsection right
    set Transfer coefficient = 0.1
  end
end
subsection Time stepping
  set End time      = 1
  set Initial step  = 1e-3
  set Tolerance     = 1e-3
  set Maximum steps = 16
end
subsection Output
  set Directory     = $1
  set Write vtu     = false
  set Print timings = false
  set Print steps   = false
  set Plots         = false
end
subsection Checkpointing
  set Steps between checkpoints = 3
  $2
end
EOF
}

# Whole statistics tables: the same rows and columns, values within 1e-9 of
# each column's largest value.
same_table() {
  python3 - "$1" "$2" <<'EOF'
import csv, sys
a = list(csv.reader(open(sys.argv[1])))
b = list(csv.reader(open(sys.argv[2])))
if len(a) < 2 or len(a) != len(b) or a[0] != b[0]:
    sys.exit("%d and %d lines, or other columns" % (len(a), len(b)))
for c, name in enumerate(a[0]):
    scale = max(abs(float(r[c])) for r in a[1:])
    for r in range(1, len(a)):
        x, y = float(a[r][c]), float(b[r][c])
        if abs(x - y) > 1e-9 * scale:
            sys.exit("row %d, column %s: %r vs %r" % (r, name, x, y))
EOF
}

# Flip the bytes at the middle of a file.
flip() {
  python3 - "$1" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
for k in range(len(data) // 2, min(len(data), len(data) // 2 + 8)):
    data[k] ^= 0x5a
open(sys.argv[1], 'wb').write(data)
EOF
}

rm -rf full stopped case-* both degree
problem full "" > full.prm
run full.prm > full.log || fail "the uninterrupted run failed: $(cat full.log)"
problem stopped "set Stop after steps = 10" > stopped.prm
run stopped.prm > stopped.log || fail "the interrupted run failed"
[ "$(cat stopped/checkpoint.last)" = checkpoint-a ] ||
  fail "the newest checkpoint is not checkpoint-a"

# The mesh and the state: one archive on one rank, p4est's files on two.
if [ "$np" -gt 1 ]; then
  mesh_file=mesh
  state_file=mesh_fixed.data
else
  mesh_file=state.txt
  state_file=state.txt
fi

check_fallback() {
  local name="$1" damage="$2" file="$3" what="$4"
  rm -rf "case-$name"
  cp -r stopped "case-$name"
  $damage "case-$name/checkpoint-a/$file"
  problem "case-$name" "set Resume computation = true" > "case-$name.prm"
  out=$(run "case-$name.prm")
  code=$?
  [ $code -eq 0 ] || fail "$name: exit code $code: $out"
  expect="checkpoint case-$name/checkpoint-a is $what"
  fallback="; resuming from case-$name/checkpoint-b (step 6) instead."
  [ "$(grep -F -- "$expect" <<< "$out" | grep -cF -- "$fallback")" -eq 1 ] ||
    fail "$name: the output does not say once <$expect ...$fallback>: $out"
  grep -q "Resumed from the checkpoint at step 6," <<< "$out" ||
    fail "$name: did not resume from step 6: $out"
  problem=$(same_table full/statistics.csv "case-$name/statistics.csv" 2>&1) ||
    fail "$name: the statistics differ from the uninterrupted run: $problem"
  echo "PASS: $name: $expect ...$fallback"
}

truncate_half() { truncate -s $(($(stat -c %s "$1") / 2)) "$1"; }

check_fallback truncated_state truncate_half "$state_file" \
  "corrupted: $state_file checksum mismatch"
check_fallback flipped_mesh flip "$mesh_file" \
  "corrupted: $mesh_file checksum mismatch"
check_fallback flipped_meta flip meta.txt "corrupted: meta.txt checksum mismatch"
check_fallback no_checksums rm checksums.txt "incomplete: it has no checksums.txt"

# Both checkpoints damaged: one error naming both, exit code 1.
cp -r stopped both
flip "both/checkpoint-a/$mesh_file"
truncate_half both/checkpoint-b/meta.txt
problem both "set Resume computation = true" > both.prm
out=$(run both.prm)
code=$?
[ $code -eq 1 ] || fail "both damaged: exit code $code, not 1: $out"
[ "$(grep -c 'Fluxion error:' <<< "$out")" -eq 1 ] ||
  fail "both damaged: 'Fluxion error:' is not printed once: $out"
for expect in "checkpoint both/checkpoint-a is corrupted: $mesh_file checksum mismatch" \
  "checkpoint both/checkpoint-b is corrupted: meta.txt checksum mismatch"; do
  grep -qF -- "$expect" <<< "$out" || fail "both damaged: no <$expect>: $out"
done
echo "PASS: both damaged: exit code 1, one error naming both checkpoints"

# An intact checkpoint of another discretisation (Q1, resumed as Q2): one
# error naming both layouts, exit code 1, nothing read into the state.
cp -r stopped degree
{
  problem degree "set Resume computation = true"
  printf 'subsection Discretization\n  set Polynomial degree = 2\nend\n'
} > degree.prm
out=$(run degree.prm)
code=$?
[ $code -eq 1 ] || fail "other degree: exit code $code, not 1: $out"
expect="The checkpoint <degree/checkpoint-a> holds Q1 elements, fields c, but this run has Q2 elements, fields c."
[ "$(grep -cF -- "$expect" <<< "$out")" -eq 1 ] ||
  fail "other degree: the output does not say once <$expect>: $out"
echo "PASS: other degree: exit code 1, $expect"
echo "all checkpoint corruption checks passed"
