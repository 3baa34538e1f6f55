#!/usr/bin/python3
"""Bad-input mutation suite generated from the shipped examples.

For every example in prm/ and every parameter it sets, a deterministic set of
mutants replaces the value (empty, zero, negative, NaN, 1e308, a wrong type)
or misspells the name. Each mutant runs on one rank with a few time steps
and a time limit, and is classified:

  PASS  exit code 0 and every value in statistics.csv finite, or a non-zero
        exit code with exactly one 'Fluxion error:' that names the parameter
        (its entry name, or the misspelled name, appears in the message);
  FAIL  killed by a signal, an internal message (map::at, bad_alloc, std::,
        Assertion, 'An error occurred in line', ...), a timeout, NaN or inf
        in statistics.csv, or a non-zero exit code without one message that
        names the parameter.

Usage:
  scripts/mutate_inputs.py [options] FLUXION
    --examples DIR   the examples (default: prm/ next to this script)
    --only FILE      run only the mutants listed in FILE (one id a line, '#'
                     starts a comment); every listed id must exist
    --list           print the ids of all mutants and stop
    --timeout S      time limit per mutant in seconds (default 60)
    --steps N        Time stepping/Maximum steps of every mutant (default 5)
    --jobs N         mutants run at the same time (default 1)
    --keep DIR       keep the working folders of failed mutants in DIR
    --verbose        print every mutant's result

A mutant's id is 'EXAMPLE:SECTION/ENTRY:KIND', e.g.
'diffusion/depth_profile_1d.prm:Time stepping/End time:nan'. The exit code
is 0 when no mutant failed, 1 otherwise.
"""

import argparse
import concurrent.futures
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Values that replace a parameter's value, in this order.
VALUE_KINDS = ["empty", "zero", "negative", "nan", "huge", "wrong type"]
KINDS = VALUE_KINDS + ["unknown name"]

# Messages that come from an internal error rather than an input check.
INTERNAL = [
    "map::at",
    "bad_alloc",
    "std::",
    "Assertion",
    "An error occurred in line",
    "terminate called",
    "Segmentation fault",
    "MPI_ABORT",
    "unregistered class",
]

SET_LINE = re.compile(r"^(\s*)set\s+([^=#]+?)\s*=\s*([^#]*?)\s*(#.*)?$")
NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


class Entry:
    """One 'set' line of an example: where it is and what it sets."""

    def __init__(self, line, section, name, value):
        self.line = line
        self.section = section
        self.name = name
        self.value = value

    def path(self):
        return "/".join(self.section + [self.name])


def parse_entries(lines):
    """The 'set' lines of a parameter file with their subsection paths."""
    entries = []
    stack = []
    for i, raw in enumerate(lines):
        text = raw.split("#", 1)[0].strip()
        if text.startswith("subsection "):
            stack.append(text[len("subsection "):].strip())
        elif text == "end":
            stack.pop()
        else:
            m = SET_LINE.match(raw)
            if m:
                entries.append(Entry(i, list(stack), m.group(2), m.group(3)))
    return entries


def misspelt(name):
    """A realistic typo: the last two letters swapped ('End tiem')."""
    if len(name) >= 2 and name[-1] != name[-2]:
        return name[:-2] + name[-1] + name[-2]
    return name + "x"


def mutated_value(value, kind):
    if kind == "empty":
        return ""
    if kind == "zero":
        return "0"
    if kind == "negative":
        if NUMBER.match(value):
            return value[1:] if value.startswith("-") else "-" + value
        return "-1"
    if kind == "nan":
        return "nan"
    if kind == "huge":
        return "1e308"
    if kind == "wrong type":
        return "abc"
    raise ValueError(kind)


class Mutant:
    def __init__(self, example, entry, kind, lines):
        self.example = example
        self.entry = entry
        self.kind = kind
        self.id = "%s:%s:%s" % (example, entry.path(), kind)
        self.named = misspelt(entry.name) if kind == "unknown name" else entry.name
        m = SET_LINE.match(lines[entry.line])
        indent = m.group(1)
        if kind == "unknown name":
            new = "%sset %s = %s" % (indent, self.named, entry.value)
        else:
            new = "%sset %s = %s" % (indent, entry.name,
                                     mutated_value(entry.value, kind))
        self.lines = list(lines)
        self.lines[entry.line] = new.rstrip()


def limits(mutant, steps):
    """Settings appended to a mutant: few steps, no files it does not need.
    A setting of the mutated entry itself is left out."""
    settings = [("Time stepping", "Maximum steps", str(steps)),
                ("Output", "Write vtu", "false"),
                ("Output", "Plots", "false")]
    text = []
    for section, name, value in settings:
        if mutant.entry.section == [section] and mutant.entry.name == name:
            continue
        text += ["subsection " + section, "  set %s = %s" % (name, value), "end"]
    return text


def make_mutants(examples_dir):
    mutants = []
    for root, _, files in sorted(os.walk(examples_dir)):
        for f in sorted(files):
            if not f.endswith(".prm"):
                continue
            path = os.path.join(root, f)
            example = os.path.relpath(path, examples_dir)
            with open(path) as stream:
                lines = stream.read().splitlines()
            seen = set()
            for entry in parse_entries(lines):
                for kind in KINDS:
                    if kind != "unknown name" and \
                            mutated_value(entry.value, kind) == entry.value:
                        continue
                    mutant = Mutant(example, entry, kind, lines)
                    if "\n".join(mutant.lines) in seen:
                        continue
                    seen.add("\n".join(mutant.lines))
                    mutants.append(mutant)
    mutants.sort(key=lambda m: m.id)
    return mutants


def statistics_problem(folder):
    """None if every statistics.csv under folder has finite values only."""
    found = False
    for root, _, files in os.walk(folder):
        if "statistics.csv" not in files:
            continue
        found = True
        with open(os.path.join(root, "statistics.csv")) as stream:
            rows = stream.read().splitlines()
        for row in rows[1:]:
            for cell in row.split(","):
                if cell.strip() == "":
                    continue
                try:
                    if not math.isfinite(float(cell)):
                        return "NaN or inf in statistics.csv"
                except ValueError:
                    return "a value that is not a number in statistics.csv"
    return None if found else "exit code 0 without a statistics.csv"


def classify(mutant, code, output, folder):
    """The cause of a failure, or None if the mutant passes."""
    if code == 124:
        return "timeout (hangs)"
    if code < 0 or code >= 128:
        return "killed by a signal"
    for s in INTERNAL:
        if s in output:
            return "internal error message"
    if code == 0:
        return statistics_problem(folder)
    count = output.count("Fluxion error:")
    if count == 0:
        return "non-zero exit code without 'Fluxion error:'"
    if count > 1:
        return "more than one 'Fluxion error:'"
    message = output[output.index("Fluxion error:"):]
    if mutant.named.lower() not in message.lower():
        return "the message does not name the parameter"
    return None


def run(mutant, fluxion, examples_dir, timeout, steps, keep):
    folder = tempfile.mkdtemp(prefix="mutant-")
    try:
        # Files next to the example (meshes) stay reachable from the copy.
        src = os.path.dirname(os.path.join(examples_dir, mutant.example))
        for f in os.listdir(src):
            if not f.endswith(".prm") and os.path.isfile(os.path.join(src, f)):
                os.symlink(os.path.join(src, f), os.path.join(folder, f))
        prm = os.path.join(folder, "mutant.prm")
        with open(prm, "w") as stream:
            stream.write("\n".join(mutant.lines + limits(mutant, steps)) + "\n")
        try:
            p = subprocess.run(["timeout", str(timeout), fluxion, prm],
                               cwd=folder, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            code = p.returncode
            output = p.stdout.decode("utf-8", "replace")
        except OSError as e:
            code, output = 127, str(e)
        cause = classify(mutant, code, output, folder)
        if cause and keep:
            target = os.path.join(keep, mutant.id.replace("/", "_")
                                  .replace(":", "__").replace(" ", "_"))
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(folder, target, symlinks=True)
            with open(os.path.join(target, "screen.txt"), "w") as stream:
                stream.write(output)
        return mutant, code, cause, output
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def last_line(output):
    lines = [l for l in output.strip().splitlines() if l.strip()]
    return lines[-1].strip()[:160] if lines else ""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(
        description="Bad-input mutation suite from the shipped examples.")
    parser.add_argument("fluxion")
    parser.add_argument("--examples", default=os.path.join(here, "..", "prm"))
    parser.add_argument("--only")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--timeout", type=int, default=60)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    examples_dir = os.path.abspath(args.examples)
    fluxion = os.path.abspath(args.fluxion)

    mutants = make_mutants(examples_dir)
    if args.list:
        for m in mutants:
            print(m.id)
        return 0
    if args.only:
        with open(args.only) as stream:
            wanted = [l.split("#", 1)[0].strip() for l in stream]
        wanted = [w for w in wanted if w]
        by_id = {m.id: m for m in mutants}
        missing = [w for w in wanted if w not in by_id]
        if missing:
            for w in missing:
                print("no such mutant: " + w)
            return 1
        mutants = [by_id[w] for w in wanted]
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)

    failures = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = [pool.submit(run, m, fluxion, examples_dir, args.timeout,
                            args.steps, args.keep) for m in mutants]
        for job in jobs:
            mutant, code, cause, output = job.result()
            if cause:
                failures.setdefault(cause, []).append((mutant, code, output))
            if args.verbose or cause:
                print("%s  %s  (exit code %d)%s" %
                      ("FAIL" if cause else "PASS", mutant.id, code,
                       ": " + cause if cause else ""), flush=True)

    n_failed = sum(len(v) for v in failures.values())
    print("\n%d mutants, %d failures" % (len(mutants), n_failed))
    for cause in sorted(failures):
        print("\n%s: %d" % (cause, len(failures[cause])))
        for mutant, code, output in failures[cause]:
            print("  %s  (exit code %d)  %s" %
                  (mutant.id, code, last_line(output)))
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
