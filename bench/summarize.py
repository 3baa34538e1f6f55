#!/usr/bin/env python3
"""Markdown tables of Fluxion vs. peers from raw "RESULT key=value" lines.

usage: bench/summarize.py RAW_FILE [RAW_FILE ...]

Runs are grouped by (problem, np, tool); numeric fields are reduced to their
median.  If a group has runs with little background load (bg_cores < 0.3),
only those are used ("runs" then reads used/total).  "Fluxion speed-up" is
peer total / Fluxion total at the same problem and np (> 1: Fluxion faster);
for P2 also peer step time / Fluxion step time.  Standard library only.
"""
import statistics
import sys

BG_CLEAN = 0.3
TOOL_ORDER = ["fluxion", "dealii-trilinos-ml", "fenicsx-gamg", "fenicsx-hypre"]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def parse(paths):
    runs, failed = [], []
    for path in paths:
        with open(path) as f:
            for line in f:
                if line.startswith("# FAILED"):
                    failed.append(line[2:].strip())
                if not line.startswith("RESULT "):
                    continue
                d = dict(tok.split("=", 1) for tok in line.split()[1:] if "=" in tok)
                runs.append(d)
    return runs, failed


def groups(runs):
    g = {}
    for r in runs:
        g.setdefault((r.get("prob"), int(num(r.get("np")) or 1), r.get("tool")), []).append(r)
    out = {}
    for key, rs in g.items():
        clean = [r for r in rs if (num(r.get("bg_cores")) or 0.0) < BG_CLEAN]
        used = clean or rs
        med = {}
        for k in set().union(*used):
            vals = [num(r.get(k)) for r in used if num(r.get(k)) is not None]
            med[k] = statistics.median(vals) if vals else used[0].get(k)
        med["runs"] = f"{len(used)}" if len(used) == len(rs) else f"{len(used)}/{len(rs)}"
        med["bg_max"] = max((num(r.get("bg_cores")) or 0.0) for r in used)
        med["checks"] = sorted({r.get("check_umax", "-") for r in used})
        out[key] = med
    return out


def f(x, nd=3):
    """3 significant digits, no exponent for the usual ranges."""
    if x is None or isinstance(x, str):
        return x or "-"
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.{nd}g}"


def rss(m):
    mx, sm = m.get("peak_rss_mb"), m.get("peak_rss_sum_mb")
    if mx is None:
        return "-"
    return f"{mx:.0f}" if not sm or abs(sm - mx) < 1 else f"{mx:.0f} ({sm:.0f})"


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "-"


def order(tools):
    return sorted(tools, key=lambda t: (TOOL_ORDER.index(t) if t in TOOL_ORDER else 99, t))


def table_p1(g):
    keys = sorted({(np_) for (p, np_, _) in g if p == "P1"})
    if not keys:
        return
    print("### P1: steady Poisson, unit cube, Q1 on 100^3 hexes, 1,030,301 DoFs, CG + AMG, rtol 1e-8")
    print()
    print("| tool | np | DoFs | setup s | assembly s | AMG setup s | CG s | solve s | its | total s "
          "| Fluxion speed-up (total) | wall s | peak RSS MiB max/rank (sum) | max u | runs | bg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for np_ in keys:
        flx = g.get(("P1", np_, "fluxion"), {})
        for tool in order(t for (p, n, t) in g if p == "P1" and n == np_):
            m = g[("P1", np_, tool)]
            print(f"| {tool} | {np_} | {f(m.get('dofs'), 7)} | {f(m.get('setup'))} | {f(m.get('assemble'))} "
                  f"| {f(m.get('amg_setup'))} | {f(m.get('cg'))} | {f(m.get('solve'))} | {f(m.get('its'))} "
                  f"| {f(m.get('total'))} | {ratio(m.get('total'), flx.get('total'))} | {f(m.get('wall'))} "
                  f"| {rss(m)} | {' '.join(m['checks'])} | {m['runs']} | {m['bg_max']:.2f} |")
    print()


def table_p2(g):
    keys = sorted({(np_) for (p, np_, _) in g if p == "P2"})
    if not keys:
        return
    print("### P2: transient diffusion, unit square, Q1 on 500^2 quads, 251,001 DoFs, implicit Euler, 100 steps")
    print()
    print("| tool | np | DoFs | setup s | matrix+AMG s | RHS ms/step | solve ms/step | step ms | its avg "
          "| 100 steps s | total s | Fluxion speed-up (total) | Fluxion speed-up (per step) | wall s "
          "| peak RSS MiB max/rank (sum) | max u(T) | runs | bg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    ms = lambda x: f(x * 1e3) if isinstance(x, float) else "-"  # noqa: E731
    for np_ in keys:
        flx = g.get(("P2", np_, "fluxion"), {})
        for tool in order(t for (p, n, t) in g if p == "P2" and n == np_):
            m = g[("P2", np_, tool)]
            print(f"| {tool} | {np_} | {f(m.get('dofs'), 7)} | {f(m.get('setup'))} | {f(m.get('assemble_amg'))} "
                  f"| {ms(m.get('rhs_per_step'))} | {ms(m.get('solve_per_step'))} | {ms(m.get('step_time'))} "
                  f"| {f(m.get('its_avg'))} | {f(m.get('steps_total'))} | {f(m.get('total'))} "
                  f"| {ratio(m.get('total'), flx.get('total'))} | {ratio(m.get('step_time'), flx.get('step_time'))} "
                  f"| {f(m.get('wall'))} | {rss(m)} | {' '.join(m['checks'])} | {m['runs']} | {m['bg_max']:.2f} |")
    print()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    runs, failed = parse(sys.argv[1:])
    g = groups(runs)
    table_p1(g)
    table_p2(g)
    print("Times in s (median over runs); setup = mesh + DoFs + constraints/sparsity (+ initial "
          "condition); wall = whole mpirun launch; peak RSS from GNU time; bg = max cores used by "
          "other processes during the runs (2 vCPUs; > 0.3 = noisy); speed-up = peer / Fluxion.")
    bad = [f"{p} np={n} {t}: check_ok=no (max u = {m.get('check_umax')})"
           for (p, n, t), m in sorted(g.items()) if m.get("check_ok") == "no"]
    noisy = [f"{p} np={n} {t}: bg {m['bg_max']:.2f}" for (p, n, t), m in sorted(g.items()) if m["bg_max"] >= BG_CLEAN]
    for line in failed:
        print(f"\n**{line}**")
    for line in bad:
        print(f"\n**check value off: {line}**")
    if noisy:
        print("\nNoisy runs (background load >= 0.3 cores): " + "; ".join(noisy))


if __name__ == "__main__":
    main()
