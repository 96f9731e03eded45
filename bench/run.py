#!/usr/bin/env python3
"""Times `waymark build` against Hugo and Zola on the same Markdown bodies.

For each size it generates the roadmap and the matching Hugo and Zola sites
(bench/generate.py), then after a warm-up runs every tool several times in
alternating order: first every fresh build, each into a new, empty output
folder, then every rebuild over the output of the last fresh build. Outputs
are removed only at the end, outside any timed run. It reports medians, waymark's ratio to each
tool measured in the same run, peak memory (/usr/bin/time), and waymark's
largest page. A tool that is not installed is reported as skipped.

    cargo build --release
    bench/run.py                        # sizes 100, 1000 and 10000, 5 runs
    bench/run.py --sizes 10000 --runs 7
    ZOLA=/path/to/zola HUGO=/usr/bin/hugo bench/run.py

Prints a Markdown table, ready for the README.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WAYMARK = HERE.parent / "target" / "release" / "waymark"


def tools():
    """The tools found, each with how to build a site into a folder."""
    found = {"waymark": str(WAYMARK)} if WAYMARK.exists() else {}
    for name in ("zola", "hugo"):
        path = os.environ.get(name.upper()) or shutil.which(name)
        if path:
            found[name] = path
    return found


def command(tool, binary, site, out, rebuild):
    if tool == "waymark":
        return [binary, "build", str(site), "--output", str(out), "--quiet", "--today", "2026-11-21"]
    if tool == "zola":
        return [binary, "--root", str(site), "build", "--output-dir", str(out)] + (["--force"] if rebuild else [])
    return [binary, "--source", str(site), "--destination", str(out), "--quiet"]


def timed(cmd):
    """Wall seconds and peak resident megabytes of one run. The wall time is
    the clock's, not /usr/bin/time's, which counts only hundredths: too
    coarse for builds of a few hundredths of a second."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr}")
    kilobytes = result.stderr.strip().splitlines()[-1]
    return wall, int(kilobytes) / 1024


def measure(sizes, runs):
    found = tools()
    if "waymark" not in found:
        sys.exit(f"build the release binary first: cargo build --release ({WAYMARK} is missing)")
    for missing in sorted({"zola", "hugo"} - found.keys()):
        print(f"{missing}: not installed, skipped", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sites = {(tool, n): generate(tool, n, tmp) for n in sizes for tool in found}
        # Every fresh build comes first, each into a folder of its own, and
        # nothing is deleted until the end. This filesystem (ext4 without a
        # journal) makes creating files slow for minutes after many were
        # deleted, which would charge one tool for another's clean-up.
        fresh, peak, last_output = rounds(found, sizes, runs, sites, tmp, rebuild=False)
        rebuilt, peak_again, _ = rounds(found, sizes, runs, sites, tmp, rebuild=True, outputs=last_output)
        rows = []
        for n in sizes:
            largest = max((p.stat().st_size for p in last_output[("waymark", n)].rglob("*.html")), default=0)
            rows.append((n, {t: statistics.median(fresh[(t, n)]) for t in found},
                         {t: statistics.median(rebuilt[(t, n)]) for t in found},
                         {t: max(peak[(t, n)], peak_again[(t, n)]) for t in found}, largest))
    return found, rows


def generate(tool, n, tmp):
    site = tmp / f"{tool}-{n}"
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(site), "--format", tool], check=True)
    return site


def rounds(found, sizes, runs, sites, tmp, rebuild, outputs=None):
    """Times every tool `runs` times after a warm-up, alternating their order.
    Fresh builds each go into a new folder; rebuilds go over `outputs`."""
    times = {(tool, n): [] for tool in found for n in sizes}
    peak = {(tool, n): 0.0 for tool in found for n in sizes}
    last_output = {}
    order = list(found)
    for n in sizes:
        os.sync()
        for round in range(runs + 1):  # the first round warms up
            for tool in order if round % 2 == 0 else reversed(order):
                out = outputs[(tool, n)] if rebuild else tmp / f"out-{tool}-{n}-{round}"
                wall, megabytes = timed(command(tool, found[tool], sites[(tool, n)], out, rebuild))
                last_output[(tool, n)] = out
                if round > 0:
                    times[(tool, n)].append(wall)
                    peak[(tool, n)] = max(peak[(tool, n)], megabytes)
    return times, peak, last_output


def seconds(value):
    """Three significant figures down to milliseconds."""
    return f"{value:.2f} s" if value >= 1 else f"{value:.3f} s"


def report(found, rows, runs):
    cores = os.cpu_count()
    print(f"{runs} runs each after a warm-up, medians, {cores} cores; ratios are waymark's time over the other's.\n")
    print("| initiatives | tool | fresh build | rebuild | peak memory | waymark/tool (fresh) | waymark/tool (rebuild) |")
    print("|---|---|---|---|---|---|---|")
    for n, fresh, rebuilt, peak, largest in rows:
        for tool in found:
            ratio = f"{fresh['waymark'] / fresh[tool]:.2f}" if tool != "waymark" else ""
            ratio_rebuild = f"{rebuilt['waymark'] / rebuilt[tool]:.2f}" if tool != "waymark" else ""
            print(f"| {n:,} | {tool} | {seconds(fresh[tool])} | {seconds(rebuilt[tool])} | {peak[tool]:.0f} MB | {ratio} | {ratio_rebuild} |")
    print()
    for n, fresh, _, _, largest in rows:
        print(f"- {n:,} initiatives: waymark's largest page {largest / 1024 / 1024:.2f} MB")
    if len(rows) > 1:
        small, large = rows[-2], rows[-1]
        growth = large[1]["waymark"] / small[1]["waymark"]
        print(f"- growth from {small[0]:,} to {large[0]:,} initiatives: {growth:.1f}× the time")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    found, rows = measure(sizes, args.runs)
    report(found, rows, args.runs)


if __name__ == "__main__":
    main()
