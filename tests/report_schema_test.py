#!/usr/bin/python3
"""Every JSON report the tests produced is valid against docs/report.schema.json.

usage: report_schema_test.py SCHEMA REPORT_DIR --floor N --whole-suite P [--docs PAGE_OR_FOLDER...]

The test harness (tests/harness.cpp) keeps, in REPORT_DIR, the JSON report of every run of the
real binary that asked for one (report-*.jsonl, one file per run), those the unit tests make
in-process, and one marker per test process (process-*.ran). ctest clears REPORT_DIR before the
tests and runs this after all of them (the json_reports fixture of tests/CMakeLists.txt).

It cannot pass by validating nothing: it fails when no test process left a marker (the
directory never reached the tests), and when at least P test processes ran (the whole suite)
but fewer than N reports were kept. A subset (ctest -R) validates what it produced, floor aside.
The reports the docs show (json blocks of each PAGE) are validated too.
It first proves the schema rejects what it must: an unknown field, a wrong type, no `schema`.
Debian's python3-jsonschema (scripts/deps --tests), Draft 2020-12.
"""
import argparse
import copy
import json
import pathlib
import sys

import jsonschema

# A report as keyguard writes one, with every field that is only sometimes there.
GOOD = {
    "schema": 1, "keyguard": "1.0.0", "time": "2026-12-07T20:18:42Z", "level": "error", "ok": False,
    "exit_code": 77, "report_only": False, "would_exit_code": 77, "elapsed_ms": 6, "ca_source": "pki/ca.pem",
    "error": "cannot run 'app': not found", "warnings": [],
    "providers": [{
        "provider": "anthropic", "env": "ANTHROPIC_API_KEY", "key": "sk-ant-a…Qrst", "fingerprint": "sha256:6639f8e1",
        "fixes": [], "warnings": [], "outcome": "rejected", "verdict": "fail", "http_status": 401,
        "error_code": "authentication_error", "request_id": "req_1", "phase": None, "tls_version": "TLSv1.3",
        "timings_ms": {"dns": 0, "connect": 0, "tls": 4, "request": 0, "response": 0},
        "message": "Anthropic does not accept this key",
        "retry": {"http_status": 503, "outcome": "server_error", "phase": None, "message": "HTTP 503", "waited_ms": 0},
        "models": [{"model": "claude-x", "outcome": "unchecked", "verdict": "warn", "http_status": None,
                    "error_code": None, "phase": None, "message": "the model was not checked", "retry": None}],
        "request": {"method": "GET", "url": "https://localhost:44783/v1/models?limit=1", "base_from": "ANTHROPIC_BASE_URL",
                    "key_header": "x-api-key", "key_scheme": None, "headers": ["anthropic-version"]},
    }],
}


def changed(path, value=None, delete=False):
    """GOOD with the field at PATH (a list of keys and indexes) set to VALUE, or deleted."""
    report = copy.deepcopy(GOOD)
    where = report
    for step in path[:-1]:
        where = where[step]
    if delete:
        del where[path[-1]]
    else:
        where[path[-1]] = value
    return report


# What the schema must reject: each a report keyguard must never write.
MUST_REJECT = {
    "no schema field": changed(["schema"], delete=True),
    "schema 2 against the schema of 1": changed(["schema"], 2),
    "an unknown top-level field": changed(["hostname"], "web-1"),
    "an unknown provider field": changed(["providers", 0, "retries"], 1),
    "an unknown model field": changed(["providers", 0, "models", 0, "latency_ms"], 3),
    "an unknown request field": changed(["providers", 0, "request", "authorization"], "Bearer x"),
    "an unknown timing": changed(["providers", 0, "timings_ms", "total"], 4),
    "exit_code as a string": changed(["exit_code"], "77"),
    "ok as a number": changed(["ok"], 0),
    "an outcome not in the table": changed(["providers", 0, "outcome"], "revoked"),
    "a model outcome for a key": changed(["providers", 0, "outcome"], "model_unavailable"),
    "a phase not in the table": changed(["providers", 0, "phase"], "handshake"),
    "an exit code a report never carries": changed(["exit_code"], 1),
    "http_status as a string": changed(["providers", 0, "http_status"], "401"),
    "a provider without its message": changed(["providers", 0, "message"], delete=True),
    "a fingerprint of another shape": changed(["providers", 0, "fingerprint"], "6639f8e1"),
    "a time that is not UTC": changed(["time"], "2026-12-07T21:18:42+01:00"),
    "a retry without what it waited": changed(["providers", 0, "retry", "waited_ms"], delete=True),
    "a retry whose first attempt was definite": changed(["providers", 0, "retry", "outcome"], "rejected"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("schema")
    parser.add_argument("reports")
    parser.add_argument("--floor", type=int, required=True, help="reports the whole suite keeps at least")
    parser.add_argument("--whole-suite", type=int, required=True, help="test processes of a whole-suite run, at least")
    parser.add_argument("--docs", nargs="*", default=[], help="Markdown pages (or folders of them) whose json blocks may show reports")
    args = parser.parse_args()

    schema = json.loads(pathlib.Path(args.schema).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []

    for error in validator.iter_errors(GOOD):
        failures.append("the hand-written good report is rejected: " + error.message)
    for name, report in MUST_REJECT.items():
        if validator.is_valid(report):
            failures.append(f"the schema accepts {name}")

    # The reports the docs show are reports too.
    shown = 0
    pages = []
    for path in map(pathlib.Path, args.docs):
        pages += sorted(path.glob("*.md")) if path.is_dir() else [path]
    for page in pages:
        in_json = False
        for number, line in enumerate(pathlib.Path(page).read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                in_json = line == "```json"
            elif in_json and line.startswith('{"') and '"keyguard":' in line:
                shown += 1
                for error in validator.iter_errors(json.loads(line)):
                    where = "/".join(str(step) for step in error.absolute_path) or "(top)"
                    failures.append(f"{page}:{number}: the report shown: {where}: {error.message}")

    directory = pathlib.Path(args.reports)
    processes = len(list(directory.glob("process-*.ran"))) if directory.is_dir() else 0
    files = sorted(directory.glob("report-*.jsonl")) if directory.is_dir() else []
    reports = 0
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) != 1:
            failures.append(f"{path.name}: {len(lines)} JSON lines from one run; keyguard prints exactly one report")
        for line in lines:
            try:
                report = json.loads(line)
            except json.JSONDecodeError as e:
                failures.append(f"{path.name}: not JSON: {e}")
                continue
            reports += 1
            for error in sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path)):
                where = "/".join(str(step) for step in error.absolute_path) or "(top)"
                failures.append(f"{path.name}: {where}: {error.message}")

    print(f"report_schema_test: {reports} reports from {len(files)} runs validated, kept by {processes} test processes; "
          f"{shown} shown in the docs; {len(MUST_REJECT)} bad reports rejected")
    if processes == 0:
        failures.append(f"no test process left its marker in {directory}: TEST_JSON_REPORT_DIR does not reach the "
                        "tests (run this with them: ctest, or ctest -R 'Cli|ReportSchema')")
    elif processes >= args.whole_suite and reports < args.floor:
        failures.append(f"the whole suite ran ({processes} test processes) but kept {reports} reports, under the floor of "
                        f"{args.floor}: the harness stopped seeing JSON runs (or tests were removed: lower the floor "
                        "in tests/CMakeLists.txt)")
    elif processes < args.whole_suite:
        print(f"report_schema_test: a subset ran ({processes} < {args.whole_suite} test processes); the floor of "
              f"{args.floor} reports is for the whole suite")
    for failure in failures:
        print("report_schema_test: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
