#!/usr/bin/env python3
"""Where a scale-benchmark phase spends its CPU: JFR execution samples per phase.

Run scale.sh with JFR=DIR, keep its output in a log, then:

    benchmarks/scripts/scale-profile.py LOG DIR/SERIES-MODEL.jfr [TOP]

For each phase the log of that model and series count names (its start time and wall time), prints the
execution samples taken in it: per thread (pool), the methods on top of the stack (self time), and the
first Vigil method on the stack (dev.vigil.*, inclusive time: what of ours runs, or calls what runs). JFR
samples Java threads only: the CPU of JIT compiler and GC threads is not in these counts. Needs the JDK's
`jfr` tool on the PATH; the machine's time zone must be the one the recording was made in.
"""
import collections
import datetime
import re
import subprocess
import sys

PHASE = re.compile(r"^(?P<what>(?:runner|raw) .*?)\s+(?P<wall>[0-9.]+) s wall\s+(?P<cpu>[0-9.]+) s CPU.* from "
                   r"(?P<at>\S+)")
HEADER = re.compile(r"^(?P<model>\S+): (?P<series>\d+) series,")


def phases(log, model, series):
    out, current = [], None
    for line in open(log, encoding="utf-8"):
        line = line.rstrip("\n")
        h = HEADER.match(line)
        if h:
            current = (h["model"], h["series"])
            continue
        m = PHASE.match(line)
        if m and current == (model, series):
            at = datetime.datetime.fromisoformat(m["at"][:26].rstrip("Z"))
            end = at + datetime.timedelta(seconds=float(m["wall"]))
            out.append((m["what"].strip(), float(m["cpu"]), at, end))
    return out


def samples(jfr, day):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", jfr],
                          check=True, capture_output=True, text=True).stdout
    for block in text.split("jdk.ExecutionSample {")[1:]:
        # jfr prints the time of day, and the date only when it is not the recording's first day.
        t = re.search(r"startTime = (\d\d:\d\d:\d\d\.\d+)(?: \((\d{4}-\d\d-\d\d)\))?", block)
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = [f.strip() for f in re.findall(r"^\s{4}(\S.*?)(?: line: \d+)?$", block, re.M)
                  if f.strip() != "..."]
        if not t or not frames:
            continue
        at = datetime.datetime.fromisoformat((t[2] or day) + "T" + t[1])
        yield at, thread[1] if thread else "?", frames


def method(frame):
    return frame.split("(")[0]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    log, jfr = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    name = re.match(r"(\d+)-(.+)\.jfr$", jfr.rsplit("/", 1)[-1])
    if not name:
        sys.exit("the recording's name must be SERIES-MODEL.jfr, as scale.sh writes it: " + jfr)
    ps = phases(log, name[2], name[1])
    if not ps:
        sys.exit(f"no phase of {name[2]} over {name[1]} series with a start time in {log}")
    all_samples = list(samples(jfr, ps[0][2].date().isoformat()))
    for what, cpu, start, end in ps:
        inside = [s for s in all_samples if start <= s[0] < end]
        print(f"== {what}: {cpu:.2f} s CPU, {len(inside)} samples ({start.time()} .. {end.time()})")
        if not inside:
            continue
        threads = collections.Counter(re.sub(r"[-#]?\d+$", "", s[1]) for s in inside)
        print("  threads: " + ", ".join(f"{t} {100 * c / len(inside):.0f} %" for t, c in threads.most_common(6)))
        self_time = collections.Counter(method(s[2][0]) for s in inside)
        ours = collections.Counter(next((method(f) for f in s[2] if f.startswith("dev.vigil.")), "(no dev.vigil"
                                        " frame)") for s in inside)
        for title, counter in (("self", self_time), ("first dev.vigil frame", ours)):
            print(f"  {title}:")
            for m, c in counter.most_common(top):
                print(f"    {100 * c / len(inside):5.1f} %  {m}")


if __name__ == "__main__":
    main()
