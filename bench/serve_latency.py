#!/usr/bin/env python3
"""Measures `waymark serve`: the time from a saved file being seen to the
reload being sent, on a synthetic roadmap (1,000 initiatives by default).

It starts the release binary on a generated roadmap, saves one initiative
file repeatedly (a different progress each time, as a writer would), and
reads the time the server reports for each rebuild. Prints the median and
the 90th percentile; the target is a median of at most 50 ms at 1,000
initiatives, and of at most 20 ms at 10,000.

After a one-file change the server renders the affected item pages before
sending the reload, and the summary views (executive, engineering,
changelog, …) when they are next asked for. So it also times what a writer
waits for next: fetching the engineering page, the heaviest view, right
after each reload.

    cargo build --release && bench/serve_latency.py [--n 1000] [--edits 30]
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
BINARY = HERE.parent / "target" / "release" / "waymark"
RELOAD = re.compile(r"reload sent in ([0-9.]+) ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    if not BINARY.exists():
        sys.exit(f"build the release binary first: cargo build --release ({BINARY} is missing)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "roadmap"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.n), str(root)], check=True)
        times, fetches = measure(root, args.edits)
    report(f"serve, {args.n} initiatives, {len(times)} one-file edits: change seen to reload sent", times,
           f"(target: median <= {target_ms(args.n)} ms)")
    report("  then GET engineering/index.html, rendered on request", fetches, "")


def target_ms(n):
    """The most a median may be, in ms, for `n` initiatives."""
    return 20 if n >= 10000 else 50


def report(label, times, target):
    times = sorted(times)
    median = statistics.median(times)
    p90 = times[max(0, int(len(times) * 0.9) - 1)]
    print(f"{label}: median {median:.1f} ms, p90 {p90:.1f} ms, max {times[-1]:.1f} ms {target}".rstrip())


def measure(root, edits):
    server = subprocess.Popen(
        [str(BINARY), "serve", "--port", "0", "--today", "2026-11-21", str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    times = []
    fetches = []
    seen = threading.Condition()

    def read_stderr():
        for line in server.stderr:
            match = RELOAD.search(line)
            if match:
                with seen:
                    times.append(float(match.group(1)))
                    seen.notify()

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        url = server.stdout.readline().split(" at ")[1].split()[0]  # "serving … at http://…/"
        target = sorted((root / "content" / "initiatives").rglob("*.md"))[len(times) + 7]
        original = target.read_text()
        for edit in range(edits):
            expected = len(times) + 1
            target.write_text(re.sub(r"^progress: \d+$", f"progress: {edit % 100}", original, flags=re.M))
            with seen:
                if not seen.wait_for(lambda: len(times) >= expected, timeout=10):
                    sys.exit("no rebuild was reported within 10 s")
            started = time.perf_counter()
            with urllib.request.urlopen(url + "engineering/index.html", timeout=10) as response:
                response.read()
            fetches.append((time.perf_counter() - started) * 1000)
            time.sleep(0.15)  # let the debouncer settle between saves
    finally:
        server.terminate()
        server.wait(timeout=10)
    return times, fetches


if __name__ == "__main__":
    main()
