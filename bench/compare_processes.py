#!/usr/bin/env python3
"""Runs whole commands side by side and compares their wall time, CPU time and peak RSS.

Used by scripts/bench. Every round runs each command once, in an order that rotates from
round to round, so that a slow spell of the machine hits every command alike. Each run goes
through MEASURE_PROCESS (bench/measure_process.cpp, a small static program): it starts the
command with posix_spawn (no shell), reaps it with wait4, and prints the wall time, the CPU
time (user + sys, all threads) and the peak RSS, which the kernel keeps across execve.

usage: compare_processes.py --measure MEASURE_PROCESS [--runs N] [--warmup N] [--json FILE]
                            [--binary PATH] [--request-log FILE] [--meta KEY=VALUE]...
                            --command NAME [--label TEXT] [--expect REGEX] ARG... ';' ...

The commands named keyguard, curl, node, offline, true and models get the ratios and targets of
the benchmark issues; any other name is only measured.
"""

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

MB = 1000 * 1000  # the binary's size target is in decimal megabytes


class Command:
    def __init__(self, name, label, argv, expect):
        self.name = name
        self.label = label or name
        self.argv = argv
        self.expect = expect
        self.path = shutil.which(argv[0]) if "/" not in argv[0] else argv[0]
        self.wall_ms, self.cpu_ms, self.rss_kib = [], [], []
        self.requests_per_run = None
        self.sample_output = ""


def fail(message):
    print(f"compare_processes: {message}", file=sys.stderr)
    sys.exit(1)


def parse_args(argv):
    options = {"runs": 30, "warmup": 3, "json": None, "binary": None, "request_log": None, "measure": None,
               "meta": {}}
    commands = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--runs", "--warmup"):
            options[arg[2:]] = int(argv[i + 1])
            i += 2
        elif arg in ("--json", "--binary", "--request-log", "--measure"):
            options[arg[2:].replace("-", "_")] = argv[i + 1]
            i += 2
        elif arg == "--meta":
            key, _, value = argv[i + 1].partition("=")
            options["meta"][key] = value
            i += 2
        elif arg == "--command":
            name = argv[i + 1]
            i += 2
            label = expect = None
            while i < len(argv) and argv[i] in ("--label", "--expect"):
                if argv[i] == "--label":
                    label = argv[i + 1]
                else:
                    expect = argv[i + 1]
                i += 2
            end = argv.index(";", i) if ";" in argv[i:] else fail(f"--command {name}: no ';' after its arguments")
            commands.append(Command(name, label, argv[i:end], expect))
            i = end + 1
        else:
            fail(f"unknown argument {arg!r}; see the docstring at the top of {__file__}")
    if not commands:
        fail("no --command given")
    if not options["measure"] or not os.access(options["measure"], os.X_OK):
        fail("--measure names no runnable measure_process")
    for command in commands:
        if not command.argv or not command.path or not os.access(command.path, os.X_OK):
            fail(f"{command.name}: cannot run {command.argv[:1]}")
        command.argv[0] = os.path.abspath(command.path)
    return options, commands


def count_lines(path):
    if not path or not os.path.exists(path):
        return 0
    with open(path, "rb") as log:
        return sum(1 for _ in log)


def check_once(command, request_log):
    """Runs COMMAND once with its output captured: it must succeed and say what is expected."""
    before = count_lines(request_log)
    done = subprocess.run(command.argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    output = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
    if done.returncode != 0:
        fail(f"{command.name} exited with {done.returncode} instead of 0; it said:\n{output}")
    if command.expect and not re.search(command.expect, output):
        fail(f"{command.name} did not say /{command.expect}/; it said:\n{output}")
    if request_log:
        time.sleep(0.05)  # the fake provider logs when it reads the request; give it a moment
        command.requests_per_run = count_lines(request_log) - before
    command.sample_output = output.splitlines()[0][:160] if output else ""


def run_once(command, measure, floors):
    """One timed run through measure_process."""
    done = subprocess.run([measure] + command.argv, stdin=subprocess.DEVNULL, capture_output=True)
    fields = dict(field.split("=", 1) for field in done.stdout.decode().split())
    if done.returncode != 0 or "exit" not in fields:
        fail(f"measure_process failed on {command.name}: {done.stderr.decode().strip()}")
    if fields["exit"] != "0":
        fail(f"{command.name} exited with {fields['exit']} during the timed runs")
    command.wall_ms.append(int(fields["wall_ns"]) / 1e6)
    command.cpu_ms.append(int(fields["cpu_us"]) / 1e3)
    command.rss_kib.append(int(fields["maxrss_kib"]))
    floors.append(int(fields["floor_kib"]))


def percentile(sorted_values, fraction):
    """Linear interpolation between the closest ranks (numpy's default)."""
    position = (len(sorted_values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def summary(values):
    ordered = sorted(values)
    return {
        "median": percentile(ordered, 0.5),
        "p10": percentile(ordered, 0.1),
        "p90": percentile(ordered, 0.9),
        "min": ordered[0],
        "max": ordered[-1],
        "mean": sum(ordered) / len(ordered),
        "samples": [round(v, 4) for v in values],
    }


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory_kib = 0
    try:
        with open("/proc/meminfo") as meminfo:
            memory_kib = int(meminfo.readline().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "kernel": platform.release(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def ratio(a, b):
    return a / b if b else float("inf")


def main():
    options, commands = parse_args(sys.argv[1:])
    by_name = {command.name: command for command in commands}
    info = machine()
    print(f"machine: nproc {info['nproc']}, {info['cpu_model']}, Linux {info['kernel']}, "
          f"{info['memory_gib']} GiB, load average {' '.join(map(str, info['loadavg_at_start']))} at start")

    # 1. Each command once, output checked, requests counted at the fake provider.
    for command in commands:
        check_once(command, options["request_log"])

    # 2. Warm-up rounds (page cache, the fake provider's threads), then the timed rounds.
    floors = []
    total = options["warmup"] + options["runs"]
    started = time.monotonic()
    for round_index in range(total):
        shift = round_index % len(commands)
        for command in commands[shift:] + commands[:shift]:
            run_once(command, options["measure"], floors)
        if round_index == options["warmup"] - 1:
            for command in commands:
                command.wall_ms.clear()
                command.cpu_ms.clear()
                command.rss_kib.clear()
    elapsed = time.monotonic() - started

    # 3. The table.
    results = []
    for command in commands:
        results.append({
            "name": command.name,
            "label": command.label,
            "argv": redact(command.argv),
            "requests_per_run": command.requests_per_run,
            "sample_output": redact_text(command.sample_output),
            "wall_ms": summary(command.wall_ms),
            "cpu_ms": summary(command.cpu_ms),
            "peak_rss_kib": summary(command.rss_kib),
        })
    print(f"{options['runs']} timed rounds after {options['warmup']} warm-up rounds, commands alternating "
          f"in a rotating order ({elapsed:.1f} s); median [p10 .. p90]")
    header = f"{'command':<34} {'wall ms':>24} {'CPU ms (user+sys)':>24} {'peak RSS MiB':>22} {'req':>4}"
    print(header)
    print("-" * len(header))
    for command, result in zip(commands, results):
        def cell(stats, scale=1.0, digits=2):
            return (f"{stats['median'] / scale:.{digits}f} [{stats['p10'] / scale:.{digits}f} .. "
                    f"{stats['p90'] / scale:.{digits}f}]")
        label = command.label if len(command.label) <= 34 else command.label[:33] + "…"
        requests = "" if command.requests_per_run is None else str(command.requests_per_run)
        print(f"{label:<34} {cell(result['wall_ms']):>24} {cell(result['cpu_ms']):>24} "
              f"{cell(result['peak_rss_kib'], 1024, 1):>22} {requests:>4}")
    rss_floor_kib = max(floors)
    print(f"(req: requests the fake provider read per run; peak RSS cannot read below measure_process's own "
          f"{rss_floor_kib / 1024:.2f} MiB)")

    # 4. Ratios, overhead and targets.
    medians = {c.name: {k: summary(v)["median"] for k, v in
                        (("wall", c.wall_ms), ("cpu", c.cpu_ms), ("rss", c.rss_kib))} for c in commands}
    ratios = {}
    for other in ("curl", "node"):
        if "keyguard" in medians and other in medians:
            ratios[f"keyguard/{other}"] = {k: ratio(medians["keyguard"][k], medians[other][k])
                                           for k in ("wall", "cpu", "rss")}
    if "models" in medians and "keyguard" in medians:
        ratios["models/keyguard"] = {k: ratio(medians["models"][k], medians["keyguard"][k]) for k in ("wall", "cpu", "rss")}
    for name, values in ratios.items():
        print(f"{name:<15} wall {values['wall']:.3f}   CPU {values['cpu']:.3f}   peak RSS {values['rss']:.3f}")
    overhead = None
    if "offline" in by_name and "true" in by_name:
        paired = sorted(a - b for a, b in zip(by_name["offline"].wall_ms, by_name["true"].wall_ms))
        overhead = {
            "wall_ms": medians["offline"]["wall"] - medians["true"]["wall"],
            "wall_ms_paired_median": percentile(paired, 0.5),
            "cpu_ms": medians["offline"]["cpu"] - medians["true"]["cpu"],
            "rss_kib": medians["offline"]["rss"] - medians["true"]["rss"],
        }
        print(f"{'offline - true':<15} wall {overhead['wall_ms']:+.3f} ms (paired by round: "
              f"{overhead['wall_ms_paired_median']:+.3f} ms)   CPU {overhead['cpu_ms']:+.3f} ms   "
              f"peak RSS {overhead['rss_kib'] / 1024:+.2f} MiB")
    binary = None
    if options["binary"]:
        size = os.path.getsize(options["binary"])
        binary = {"path": options["binary"], "bytes": size}
        print(f"{'binary':<15} {options['binary']}: {size} bytes ({size / MB:.2f} MB, {size / 1024 / 1024:.2f} MiB)")

    targets = []

    def target(what, value, limit, met, text):
        targets.append({"target": what, "value": value, "limit": limit, "met": met})
        print(f"  [{'met' if met else 'MISSED':>6}] {what}: {text}")

    print("targets:")
    if "keyguard/curl" in ratios:
        r = ratios["keyguard/curl"]
        target("keyguard wall <= 1/2 curl wall", r["wall"], 0.5, r["wall"] <= 0.5, f"ratio {r['wall']:.3f}")
        target("keyguard CPU <= 1/2 curl CPU", r["cpu"], 0.5, r["cpu"] <= 0.5, f"ratio {r['cpu']:.3f}")
        target("keyguard peak RSS <= 1/3 curl peak RSS", r["rss"], 1 / 3, r["rss"] <= 1 / 3, f"ratio {r['rss']:.3f}")
    if "keyguard/node" in ratios:
        speedup = 1 / ratios["keyguard/node"]["wall"]
        target("keyguard >= 40x faster than the Node SDK (wall)", speedup, 40, speedup >= 40, f"{speedup:.1f}x")
    if "models/keyguard" in ratios:
        r = ratios["models/keyguard"]
        target("one probe + 3 model checks < 1.3x one probe (wall)", r["wall"], 1.3, r["wall"] < 1.3, f"ratio {r['wall']:.3f}")
        target("one probe + 3 model checks < 1.3x one probe (CPU)", r["cpu"], 1.3, r["cpu"] < 1.3, f"ratio {r['cpu']:.3f}")
    if overhead:
        target("--offline overhead over a bare true < 1 ms (wall)", overhead["wall_ms"], 1.0,
               overhead["wall_ms"] < 1.0, f"{overhead['wall_ms']:+.3f} ms")
    if binary:
        target("static stripped binary < 2 MB", binary["bytes"], 2 * MB, binary["bytes"] < 2 * MB,
               f"{binary['bytes']} bytes")

    if options["json"]:
        document = {
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": info,
            "meta": options["meta"],
            "settings": {"runs": options["runs"], "warmup": options["warmup"], "order": "rotating per round",
                         "wall": "posix_spawn to wait4", "cpu": "ru_utime + ru_stime", "rss": "ru_maxrss (KiB)",
                         "rss_floor_kib": rss_floor_kib},
            "binary": binary,
            "commands": results,
            "ratios": ratios,
            "offline_overhead": overhead,
            "targets": targets,
        }
        os.makedirs(os.path.dirname(os.path.abspath(options["json"])), exist_ok=True)
        with open(options["json"], "w") as out:
            json.dump(document, out, indent=2)
            out.write("\n")
        print(f"results: {options['json']}")


def redact_text(text):
    """Never writes the key: not even the test key, to keep the habit."""
    key = os.environ.get("OPENAI_API_KEY")
    return text.replace(key, "$OPENAI_API_KEY") if key else text


def redact(argv):
    return [redact_text(arg) for arg in argv]


if __name__ == "__main__":
    main()
