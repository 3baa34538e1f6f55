#!/usr/bin/python3
"""Runs one shipped example (prm/...) with a short end time and checks it.

  run_example.py FLUXION EXAMPLES_DIR EXAMPLE NRANKS SETTINGS

EXAMPLE is the path below EXAMPLES_DIR (e.g. diffusion/depth_profile_1d.prm).
The example is copied into the working directory with the settings that
SETTINGS gives for it appended (lines 'EXAMPLE: Section/Entry = value; ...',
or 'EXAMPLE: as shipped'); an example not listed there gets
'Time stepping/Maximum steps = 10'. Checks:
  - the exit code is 0 (no timeout, no signal);
  - statistics.csv exists, every value in it is finite, and it has the
    columns of the postprocessors the example lists (Postprocess/List),
    e.g. 'flux <b>' for every boundary in Boundary conditions/Types;
  - every PNG the run made is a valid, non-empty PNG; a line profile has
    profile_times.csv;
  - positivity, loose: c min (and each dopant's 'min X', 'lowest X') is
    >= -0.5 * scale, where scale is the largest concentration in the data
    (Dirichlet values, external concentrations, surface concentrations) or
    reported by the run (c max, surface X); with the environment variable
    EXAMPLES_STRICT_POSITIVITY=1 (the default of the CMake option), >= -1e-10
    * scale for Q1 examples;
  - balance: with integrals and boundary fluxes and no source, the discrete
    balance d(amount)/dt + flux total = 0 of every step (see balance()) holds
    to 1e-6 of the largest flux, and a steady run's flux total is below 1e-6
    of its largest boundary flux; a dopant example without surface conditions
    keeps its dose ('dose change X' below 1e-6 of the dose);
  - Poisson-Nernst-Planck (see electrolyte_checks()): the currents of a
    steady state add up to 0, and the net charge of the electrolyte and the
    walls is 0 in every row (Gauss's law), each to 1e-6.
"""

import math
import os
import re
import shutil
import subprocess
import sys

SET_LINE = re.compile(r"^\s*set\s+([^=#]+?)\s*=\s*([^#]*?)\s*(#.*)?$")
NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
TIMEOUT = 240


def parse(lines):
    """'Section/Entry' -> value for every 'set' line."""
    values = {}
    stack = []
    for raw in lines:
        text = raw.split("#", 1)[0].strip()
        if text.startswith("subsection "):
            stack.append(text[len("subsection "):].strip())
        elif text == "end":
            stack.pop()
        else:
            m = SET_LINE.match(raw)
            if m:
                values["/".join(stack + [m.group(1)])] = m.group(2)
    return values


def settings_for(example, settings_file):
    """The settings appended to the example, as parameter-file lines."""
    items = ["Time stepping/Maximum steps = 10"]
    with open(settings_file) as stream:
        for line in stream:
            line = line.split("#", 1)[0].strip()
            if line.startswith(example + ":"):
                items = [i.strip() for i in line[len(example) + 1:].split(";")
                         if i.strip()]
    text = []
    for item in items:
        if item == "as shipped":
            continue
        path, value = [s.strip() for s in item.split("=", 1)]
        sections = path.split("/")
        text += ["subsection " + s for s in sections[:-1]]
        text += ["set %s = %s" % (sections[-1], value)]
        text += ["end"] * (len(sections) - 1)
    return text


def read_statistics(path):
    with open(path) as stream:
        rows = [r.split(",") for r in stream.read().splitlines()]
    header, data = rows[0], rows[1:]
    table = {name: [] for name in header}
    problems = []
    for r, row in enumerate(data):
        for name, cell in zip(header, row):
            if cell == "":
                continue
            try:
                v = float(cell)
            except ValueError:
                problems.append("row %d, %s: not a number <%s>" % (r + 1, name, cell))
                continue
            if not math.isfinite(v):
                problems.append("row %d, %s: %s" % (r + 1, name, cell))
            table[name].append(v)
    return header, table, problems


def species(prm):
    """The conserved fields of a physics of several fields (the ionic
    species of Poisson-Nernst-Planck; its potential phi is not an amount),
    or [] for a physics of one field."""
    if prm.get("Physics", "diffusion") != "poisson nernst planck":
        return []
    return [s.strip() for s in
            prm.get("Poisson Nernst Planck/Species", "").split(",")]


def suffixes(prm):
    """The column suffix of each conserved field: '' for one field."""
    return [" " + s for s in species(prm)] or [""]


def expected_columns(prm):
    """The statistics columns the example's postprocessors must write."""
    names = ["step", "time [s]", "dt [s]", "cells", "dofs"]
    dopant = prm.get("Physics", "diffusion") == "dopant diffusion"
    default = "dopant profiles" if dopant else "integrals, boundary fluxes"
    post = [p.strip() for p in prm.get("Postprocess/List", default).split(",")]
    several = species(prm)
    if "integrals" in post:
        for sfx in suffixes(prm):
            name = sfx.strip() or "c"
            names += ["total amount" + sfx, "amount change" + sfx,
                      name + " min", name + " max"]
    if "boundary fluxes" in post and several:
        for f in several + ["phi"]:
            names.append("flux %s total" % f)
            section = "Boundary conditions/%s/Types" % f
            for item in prm.get(section, "").split(","):
                if ":" in item:
                    names.append("flux %s %s" % (f, item.split(":")[0].strip()))
    elif "boundary fluxes" in post:
        names += ["flux total"]
        for item in prm.get("Boundary conditions/Types", "").split(","):
            if ":" in item:
                names.append("flux " + item.split(":")[0].strip())
    if "errors" in post:
        names += ["L2 error", "H1 error"]
    if "dopant profiles" in post:
        names += ["T [C]", "junction depth [um]"]
        for d in prm.get("Dopant diffusion/Dopants", "").split(","):
            d = d.strip()
            names += ["dose %s [cm^-2]" % d, "surface %s [cm^-3]" % d,
                      "min %s [cm^-3]" % d, "lowest %s [cm^-3]" % d]
    return post, names


def data_scale(prm, table):
    """The largest concentration in the data or reported by the run."""
    values = []
    for path, value in prm.items():
        last = path.split("/")[-1]
        if path.startswith("Boundary conditions/") and \
                last in ("Concentration", "External concentration"):
            if NUMBER.fullmatch(value.strip()):
                values.append(abs(float(value)))
        if path.startswith("Surface conditions/"):
            m = re.search(r"concentration\s+(\S+)", value)
            if m and NUMBER.fullmatch(m.group(1)):
                values.append(abs(float(m.group(1))))
    for name, column in table.items():
        if name == "c max" or name.startswith("surface "):
            values += [abs(v) for v in column]
    return max(values) if values else 1.0


def balance(table, sfx=""):
    """The discrete balance d(amount)/dt + flux total = 0 of each step whose
    rows are consecutive steps (a step next to a mesh change that misses it
    is left out), with the time derivative
    of implicit Euler or of variable-step BDF2 (whichever the step used; the
    fluxes come from the residual, so the balance holds to the solver
    tolerance). Returns the number of steps checked and the largest residual
    relative to the largest flux."""
    step, t = table["step"], table["time [s]"]
    a, f = table["total amount" + sfx], table["flux%s total" % sfx]
    cells = table["cells"]
    scale = max(max(abs(v) for v in f), 1e-300)
    checked, worst = 0, 0.0
    for n in range(1, len(t)):
        if step[n] != step[n - 1] + 1:
            continue
        dt = t[n] - t[n - 1]
        r = abs((a[n] - a[n - 1]) / dt + f[n])
        if n > 1 and step[n - 1] == step[n - 2] + 1:
            w = dt / (t[n - 1] - t[n - 2])
            bdf2 = ((1 + 2 * w) / (1 + w) * a[n] - (1 + w) * a[n - 1] +
                    w * w / (1 + w) * a[n - 2]) / dt + f[n]
            r = min(r, abs(bdf2))
        # Coarsening with a prescribed concentration does not conserve the
        # amount (README), so a step after a mesh change may miss it.
        if r > 1e-6 * scale and (cells[n] != cells[n - 1] or
                                 (n > 1 and cells[n - 1] != cells[n - 2])):
            continue
        checked += 1
        worst = max(worst, r / scale)
    return checked, worst


LENGTH_UNITS = {"m": 1.0, "cm": 1e-2, "mm": 1e-3, "um": 1e-6, "nm": 1e-9}


def electrolyte_checks(prm, header, table, post, summary):
    """Poisson-Nernst-Planck: in a steady state the electric currents
    through the boundaries add up to 0, to 1e-6 of the largest current or
    of the largest flux of a species (or its diffusive or migrative part)
    as a current; with 'electrolyte', in every solved row the net charge of
    the electrolyte and the charges of the walls (minus the outward flux of
    phi, times the length unit^(dim-1)) add up to 0 (Gauss's law of the
    discrete Poisson equation), to 1e-6 of the largest of them or of the
    charge F c lambda_D^dim of the bulk in a Debye cube."""
    problems = []
    faraday = 96485.33212
    dim = int(prm.get("Dimension", "2").strip())
    unit = LENGTH_UNITS[prm.get("Length unit", "m").strip()]
    steady = prm.get("Time stepping/Mode", "transient") == "steady"
    current = [c for c in header if c.startswith("current [")]
    if current and steady:
        last = [table[c][-1] for c in current]
        fluxes = [abs(table[c][-1]) for c in header
                  if c.startswith("flux ") and not c.startswith("flux phi ")]
        scale = max([abs(v) for v in last] +
                    [faraday * f * unit ** dim for f in fluxes] + [1e-300])
        summary.append("current balance: %.2g of the current scale"
                       % (abs(sum(last)) / scale))
        if abs(sum(last)) > 1e-6 * scale:
            problems.append("steady state, but the currents add up to %.3g "
                            "against a current scale of %.3g"
                            % (sum(last), scale))
    charge = [c for c in header if c.startswith("total charge [")]
    walls = [c for c in header if c.startswith("flux phi ") and
             c != "flux phi total"]
    if "electrolyte" in post and charge and walls:
        bulk = [float(v) for k, v in prm.items()
                if k.startswith("Poisson Nernst Planck/") and
                k.endswith("/Bulk concentration")]
        worst, checked = 0.0, 0
        for n in range(len(table[charge[0]])):
            # The initial state of a transient run is not solved.
            if not steady and table["step"][n] == 0:
                continue
            wall = [-table[c][n] * unit ** (dim - 1) for c in walls]
            debye = table.get("debye length", [0] * (n + 1))[n] * unit
            scale = max([abs(w) for w in wall] + [abs(table[charge[0]][n])] +
                        [faraday * max(bulk + [0]) * debye ** dim, 1e-300])
            worst = max(worst, abs(table[charge[0]][n] + sum(wall)) / scale)
            checked += 1
        summary.append("charge neutrality: %d rows, %.2g of the charge scale"
                       % (checked, worst))
        if worst > 1e-6:
            problems.append("the net charge of the electrolyte and the walls "
                            "is %.3g of the charge scale (more than 1e-6)"
                            % worst)
    return problems


def check_png(path):
    with open(path, "rb") as stream:
        head = stream.read(8)
    if head != b"\x89PNG\r\n\x1a\n":
        return "%s is not a valid PNG (%d bytes)" % (
            os.path.basename(path), os.path.getsize(path))
    return None


def main():
    fluxion, examples_dir, example, ranks, settings_file = sys.argv[1:6]
    strict = os.environ.get("EXAMPLES_STRICT_POSITIVITY", "0") in ("1", "ON", "on", "true")
    source = os.path.join(examples_dir, example)
    with open(source) as stream:
        lines = stream.read().splitlines()
    appended = settings_for(example, settings_file)
    name = os.path.basename(example)[:-4]
    # Files next to the example (meshes) stay reachable from the copy.
    for f in os.listdir(os.path.dirname(source)):
        full = os.path.join(os.path.dirname(source), f)
        if os.path.isfile(full) and not f.endswith(".prm") and not os.path.exists(f):
            os.symlink(full, f)
    shutil.rmtree("output-" + name, ignore_errors=True)
    with open(name + ".prm", "w") as stream:
        stream.write("\n".join(lines + ["", "# Test settings"] + appended) + "\n")
    prm = parse(lines + appended)
    # Positivity is guaranteed for Q1 only (README); a Q2 example keeps the
    # loose bound.
    if prm.get("Discretization/Polynomial degree", "1").strip() != "1":
        strict = False

    cmd = ["timeout", str(TIMEOUT)]
    if int(ranks) > 1:
        cmd += ["mpirun", "-np", ranks]
    cmd += [fluxion, name + ".prm"]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    output = p.stdout.decode("utf-8", "replace")
    problems = []
    if p.returncode != 0:
        problems.append("exit code %d" % p.returncode)

    folder = "output-" + name
    stats = os.path.join(folder, "statistics.csv")
    summary = []
    if not os.path.isfile(stats):
        problems.append("no statistics.csv")
    else:
        header, table, bad = read_statistics(stats)
        problems += ["not finite: " + b for b in bad[:10]]
        post, names = expected_columns(prm)
        for c in names:
            if c not in header:
                problems.append("statistics.csv lacks the column <%s>" % c)
        rows = len(table["time [s]"]) if "time [s]" in table else 0
        summary.append("%d rows, t = %g s" %
                       (rows, table["time [s]"][-1] if rows else float("nan")))

        # Positivity.
        scale = data_scale(prm, table)
        bound = -(1e-10 if strict else 0.5) * scale
        for c in header:
            if (c == "c min" or c.startswith("min ") or c.startswith("lowest ")
                    or c in ["%s min" % x for x in species(prm)]) \
                    and table[c]:
                low = min(table[c])
                summary.append("lowest %s = %.4g (scale %.4g)" % (c, low, scale))
                if low < bound:
                    problems.append("%s = %.6g is below %.3g (%s check, scale %.4g)"
                                    % (c, low, bound, "strict" if strict else "loose", scale))

        # Balance of amount and boundary fluxes.
        if "integrals" in post and "boundary fluxes" in post and \
                prm.get("Time stepping/Mode", "transient") == "transient" and \
                not any(k.startswith("Source") for k in prm) and rows > 1:
            for sfx in suffixes(prm):
                checked, worst = balance(table, sfx)
                summary.append("balance%s: %d steps checked, largest residual "
                               "%.2g of the largest flux" % (sfx, checked, worst))
                if worst > 1e-6:
                    problems.append("d(amount%s)/dt + flux total is %.3g of "
                                    "the largest flux (more than 1e-6)"
                                    % (sfx, worst))
                if checked == 0:
                    problems.append("no step to check the balance on")
        if "boundary fluxes" in post and \
                prm.get("Time stepping/Mode", "transient") == "steady" and \
                not any(k.startswith("Source") for k in prm):
            for sfx in suffixes(prm):
                prefix = "flux%s " % sfx
                parts = [c for c in header if c.startswith(prefix) and
                         c != prefix + "total"]
                # The diffusive and migrative parts count in the scale: a
                # species in equilibrium has no net flux anywhere.
                largest = max(abs(table[c][-1]) for c in parts)
                total = abs(table[prefix + "total"][-1])
                summary.append("steady: |flux%s total| %.2g of the largest flux"
                               % (sfx, total / max(largest, 1e-300)))
                if total > 1e-6 * largest:
                    problems.append("steady state, but flux%s total = %.3g "
                                    "against a largest boundary flux of %.3g"
                                    % (sfx, total, largest))
        if species(prm) and "boundary fluxes" in post:
            problems += electrolyte_checks(prm, header, table, post, summary)
        if "dopant profiles" in post and \
                not any(k.startswith("Surface conditions/") for k in prm):
            for c in header:
                if c.startswith("dose change "):
                    dose = table[c.replace("dose change", "dose")]
                    worst = max(abs(v) for v in table[c])
                    summary.append("%s up to %.3g (dose %.4g)" % (c, worst, dose[0]))
                    if worst > 1e-6 * abs(dose[0]):
                        problems.append("%s up to %.6g of a dose of %.6g (inert surface)"
                                        % (c, worst, dose[0]))

    # Plots and profiles.
    if os.path.isdir(folder):
        pngs = sorted(f for f in os.listdir(folder) if f.endswith(".png"))
        for f in pngs:
            bad = check_png(os.path.join(folder, f))
            if bad:
                problems.append(bad)
        summary.append("plots: " + (", ".join(pngs) or "none"))
        if any(f.startswith("profile-") for f in os.listdir(folder)) and \
                not os.path.isfile(os.path.join(folder, "profile_times.csv")):
            problems.append("profile files without profile_times.csv")
    for line in output.splitlines():
        if line.startswith("Plot ") and "failed" in line:
            problems.append(line)

    print("%s on %s rank(s): %s" % (example, ranks, "; ".join(summary)))
    if problems:
        print("FAIL:")
        for pr in problems:
            print("  - " + pr)
        print("----- output (last 30 lines) -----")
        print("\n".join(output.splitlines()[-30:]))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
