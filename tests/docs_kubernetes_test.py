#!/usr/bin/python3
# The Kubernetes YAML of docs/deploying.md, read for its structure (there is no cluster here),
# with every keyguard command line in it run through the real binary's option parser.
#
# usage: docs_kubernetes_test.py PAGE KEYGUARD
#
# Run with Debian's /usr/bin/python3 and python3-yaml (scripts/deps --tests): a pyenv python
# on PATH may lack the module.
import os
import re
import subprocess
import sys

import yaml

# What Kubernetes does when a probe does not say.
DEFAULT_PROBE_TIMEOUT_SECONDS = 1

# Kinds whose documents hold a pod spec, and where.
POD_SPEC_PATHS = {
    "Pod": ["spec"],
    "Deployment": ["spec", "template", "spec"],
    "StatefulSet": ["spec", "template", "spec"],
    "DaemonSet": ["spec", "template", "spec"],
    "ReplicaSet": ["spec", "template", "spec"],
    "Job": ["spec", "template", "spec"],
    "CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
}
PROBES = ("startupProbe", "readinessProbe", "livenessProbe")
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")

failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loading that refuses a key given twice in one mapping, as kubectl does (PyYAML
    would keep the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"key {key!r} given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping)


class Keyguard:
    """What `keyguard --help` says: its options (and which take a value), the default
    deadline, the options' environment twins, and the key variables of every provider."""

    def __init__(self, binary):
        self.binary = os.path.abspath(binary)
        help_text = subprocess.run([self.binary, "--help"], capture_output=True, text=True, timeout=10,
                                   check=True).stdout
        self.takes_value = {}  # "--timeout": True
        self.twins = {}  # "KEYGUARD_TIMEOUT": "--timeout"
        self.key_vars = set()
        self.default_timeout_ms = None
        section = None
        for line in help_text.splitlines():
            if line and not line.startswith(" "):
                section = line
                continue
            if section == "Options:" and (m := re.match(r"^  (--[a-z-]+)(?:, -[a-z])?( \S+)?  ", line)):
                self.takes_value[m[1]] = m[2] is not None
                if m[1] == "--timeout" and (default := re.search(r"\(default ([0-9][0-9a-z.]*)\)", line)):
                    self.default_timeout_ms = duration_ms(default[1])
            elif section == "Environment variables:" and (
                    m := re.match(r"^  (KEYGUARD_[A-Z_]+) +same as (--[a-z-]+)", line)):
                self.twins[m[1]] = m[2]
            elif section and section.startswith("Providers") and (m := re.match(r"^  [a-z]+ +([^,]+),", line)):
                # "ANTHROPIC_API_KEY (else ANTHROPIC_AUTH_TOKEN), ANTHROPIC_BASE_URL": the key variables come first.
                self.key_vars.update(re.findall(r"[A-Z][A-Z0-9_]+", m[1]))
        for needed in ("--timeout", "--no-fix"):
            if needed not in self.takes_value:
                raise SystemExit(f"keyguard --help lists no {needed}; this test reads its option table")
        if not self.default_timeout_ms:
            raise SystemExit("keyguard --help gives no default for --timeout; this test reads it there")
        if "OPENAI_API_KEY" not in self.key_vars:
            raise SystemExit("keyguard --help lists no OPENAI_API_KEY; this test reads its provider list")

    def split(self, args):
        """ARGS after the program name, split as keyguard splits them: options up to `--` or
        the first argument that is not one, then COMMAND. Returns (options, command, values),
        values holding the last value given to each option."""
        options, values, i = [], {}, 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                return options, args[i + 1:], values
            if len(arg) < 2 or not arg.startswith("-"):
                break
            name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
            options.append(arg)
            if not equals and self.takes_value.get(name, False) and i + 1 < len(args):
                i += 1
                value = args[i]
                options.append(value)
            elif not equals:
                value = "1"
            values[name] = value
            i += 1
        return options, args[i:], values

    def parse(self, options, env):
        """Runs the binary on OPTIONS and ENV (the container's literal values, no key among
        them), offline and without a command: its option parser decides. Returns the reason it
        refused them, or None."""
        ran = subprocess.run([self.binary, *options, "--offline"], env=env, capture_output=True, text=True, timeout=10,
                             stdin=subprocess.DEVNULL, cwd="/")
        # With no key in the environment a run that got past its options ends in 78 ("no API
        # key found" or "not set"); 64 and "try 'keyguard --help'" are its usage errors.
        if ran.returncode == 78 and "try 'keyguard --help'" not in ran.stderr:
            return None
        return f"exit {ran.returncode}: {ran.stderr.strip()}"


def parse_bool(text):
    lowered = text.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    return None


def duration_ms(text):
    """keyguard's durations (docs/command-line.md): pieces of a number and a unit (1m30s), or
    a bare number of seconds. Only called on values the binary has accepted."""
    units = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "": 1000}
    total = 0
    for whole, fraction, unit in re.findall(r"(\d*)(?:\.(\d*))?([a-z]*)", text):
        if not whole and not fraction:
            continue
        scale = 10 ** len(fraction)
        total += int(whole or 0) * units[unit] + (int(fraction or 0) * units[unit] + scale // 2) // scale
    return total


def yaml_blocks(page):
    """Every ```yaml block of PAGE: (line of its first line, text)."""
    blocks, block, start = [], None, 0
    with open(page, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if block is None and line.rstrip() == "```yaml":
                block, start = [], number + 1
            elif block is not None and line.rstrip() == "```":
                blocks.append((start, "".join(block)))
                block = None
            elif block is not None:
                block.append(line)
    if block is not None:
        fail(f"{page}:{start}", "a ```yaml block is never closed")
    return blocks


def dig(document, path):
    for key in path:
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document


def literal_env(container, keyguard):
    """The container's `env` entries with a literal value (valueFrom is left out), key
    variables and their _FILE twins left out too: the binary is run without any key."""
    return {entry["name"]: entry["value"] for entry in container.get("env") or []
            if isinstance(entry, dict) and isinstance(entry.get("value"), str) and isinstance(entry.get("name"), str)
            and entry["name"].removesuffix("_FILE") not in keyguard.key_vars}


def key_sources(container, keyguard):
    """Where a container's keys come from: its key variables' (and their _FILE twins')
    Secret references, and its envFrom Secrets."""
    sources = set()
    for entry in container.get("env") or []:
        name = entry.get("name", "") if isinstance(entry, dict) else ""
        if name in keyguard.key_vars or name.removesuffix("_FILE") in keyguard.key_vars:
            ref = dig(entry, ["valueFrom", "secretKeyRef"]) or {}
            sources.add(("env", name, ref.get("name"), ref.get("key"), entry.get("value")))
    for entry in container.get("envFrom") or []:
        if isinstance(entry, dict) and "secretRef" in entry:
            sources.add(("envFrom", dig(entry, ["secretRef", "name"]), entry.get("prefix", "")))
    return sources


def check_env(where, container, keyguard):
    for entry in container.get("env") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
            fail(where, f"an env entry without a name: {entry!r}")
            continue
        name = entry["name"]
        if "value" in entry and "valueFrom" in entry:
            fail(where, f"env {name} has both value and valueFrom")
        if "value" in entry and not isinstance(entry["value"], str):
            # The API server refuses a number or a YAML boolean (yes, on) where a string goes.
            fail(where, f"env {name}: the value {entry['value']!r} is no string; quote it")
        if name.startswith("KEYGUARD_") and name not in keyguard.twins:
            # keyguard ignores a variable it does not read: a misspelt twin would change nothing.
            fail(where, f"env {name} is no variable keyguard reads (known: {', '.join(sorted(keyguard.twins))})")
        if name in keyguard.key_vars:
            ref = dig(entry, ["valueFrom", "secretKeyRef"])
            if not isinstance(ref, dict) or not ref.get("name") or not ref.get("key"):
                fail(where, f"env {name} is a key variable: take it from a Secret "
                            "(valueFrom.secretKeyRef with name and key)")
    for entry in container.get("envFrom") or []:
        ref = (entry or {}).get("secretRef") or (entry or {}).get("configMapRef")
        if not isinstance(ref, dict) or not ref.get("name"):
            fail(where, f"an envFrom entry names no Secret or ConfigMap: {entry!r}")


class Seen:
    """What the page shows, so that losing one of its three forms fails too."""
    in_front = 0
    init_check = 0
    startup_probe = 0
    command_lines = 0


def check_keyguard(where, argv, container, keyguard, role):
    """One keyguard command line: ROLE is "in front" (a container's command), "an init
    container" or "a startupProbe" (or another probe). Returns its deadline in milliseconds
    for a probe to be held against, or None."""
    Seen.command_lines += 1
    options, command, values = keyguard.split(argv[1:])
    env = literal_env(container, keyguard)
    refused = keyguard.parse(options, env)
    if refused:
        fail(where, f"keyguard refuses {' '.join(argv)} (with the container's env values): {refused}")
        return None
    if role == "in front":
        if not command:
            fail(where, "keyguard runs with no COMMAND after it: "
                        "the container would check, exit 0 and restart for ever")
        return None
    # An init container or a probe is a process apart from the app: what keyguard would clean
    # cannot reach it (docs/deploying.md, Kubernetes).
    if command:
        fail(where, f"keyguard in {role} runs {' '.join(command)} after its checks: it should only check")
    no_fix = values.get("--no-fix")
    if no_fix is None and "KEYGUARD_NO_FIX" in env:
        no_fix = env["KEYGUARD_NO_FIX"] or None
    if no_fix is None or not parse_bool(no_fix):
        fail(where, f"keyguard in {role} cannot hand cleaned keys to the app: it needs --no-fix")
    if "--timeout" in values:
        return duration_ms(values["--timeout"])
    if env.get("KEYGUARD_TIMEOUT"):
        return duration_ms(env["KEYGUARD_TIMEOUT"])
    if any(entry.get("name") == "KEYGUARD_TIMEOUT" for entry in container.get("env") or []):
        fail(where, "KEYGUARD_TIMEOUT comes from elsewhere: "
                    "give the probe its --timeout, to compare with timeoutSeconds")
        return None
    return keyguard.default_timeout_ms


def check_container(where, container, keyguard, init):
    if not isinstance(container, dict):
        fail(where, f"a container that is no mapping: {container!r}")
        return
    name = container.get("name")
    if not isinstance(name, str) or not DNS_LABEL.match(name) or len(name) > 63:
        fail(where, f"a container needs a name (a DNS label), not {name!r}")
    where = f"{where}, container {name}"
    if not isinstance(container.get("image"), str) or not container["image"]:
        fail(where, "no image")
    for field in ("command", "args"):
        value = container.get(field)
        if value is not None and (not isinstance(value, list) or not all(isinstance(arg, str) for arg in value)):
            fail(where, f"{field} must be a list of strings, not {value!r}")
            return
    check_env(where, container, keyguard)

    # The command line Kubernetes runs: command (the ENTRYPOINT) then args (the CMD). Without
    # command it is the image's ENTRYPOINT, which the manifest does not show.
    if container.get("command"):
        argv = container["command"] + (container.get("args") or [])
        if os.path.basename(argv[0]) == "keyguard":
            check_keyguard(where, argv, container, keyguard, "an init container" if init else "in front")
            if init:
                Seen.init_check += 1
            else:
                Seen.in_front += 1

    for probe_name in PROBES:
        probe = container.get(probe_name)
        if probe is None:
            continue
        if init and container.get("restartPolicy") != "Always":
            fail(where, f"an init container takes no {probe_name} (only a sidecar, restartPolicy: Always, does)")
        argv = dig(probe, ["exec", "command"])
        if argv is not None and (not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv)):
            fail(where, f"{probe_name}: exec.command must be a list of strings, not {argv!r}")
            continue
        if not argv or os.path.basename(argv[0]) != "keyguard":
            continue
        probe_where = f"{where}, {probe_name}"
        seconds = probe.get("timeoutSeconds", DEFAULT_PROBE_TIMEOUT_SECONDS)
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 1:
            fail(probe_where, f"timeoutSeconds must be a whole number of seconds, at least 1, not {seconds!r}")
            continue
        deadline_ms = check_keyguard(probe_where, argv, container, keyguard, f"a {probe_name}")
        if deadline_ms is not None and seconds * 1000 <= deadline_ms:
            given = "timeoutSeconds" if "timeoutSeconds" in probe else "timeoutSeconds (unset: the default)"
            fail(probe_where, f"{given} {seconds} s does not exceed keyguard's deadline of {deadline_ms} ms: "
                              "the kubelet would stop keyguard before it has its answer")
        if probe_name == "startupProbe":
            Seen.startup_probe += 1


def check_pod_spec(where, spec, keyguard):
    if not isinstance(spec, dict):
        fail(where, "no pod spec")
        return
    containers = spec.get("containers")
    if not isinstance(containers, list) or not containers:
        fail(where, "the pod spec has no containers")
        containers = []
    inits = spec.get("initContainers") or []
    names = [c.get("name") for c in containers + inits if isinstance(c, dict)]
    for name in {n for n in names if names.count(n) > 1}:
        fail(where, f"two containers are named {name}")
    for container in inits:
        check_container(where, container, keyguard, init=True)
    for container in containers:
        check_container(where, container, keyguard, init=False)
    # An init container's check is worth only what it checked: the keys the app gets.
    for init in inits:
        command = init.get("command") if isinstance(init, dict) else None
        if not command or os.path.basename(command[0]) != "keyguard":
            continue
        checked = key_sources(init, keyguard)
        for container in containers:
            if isinstance(container, dict) and key_sources(container, keyguard) != checked:
                fail(f"{where}, init container {init.get('name')}",
                     f"checks other keys than container {container.get('name')} gets: {sorted(map(str, checked))} "
                     f"against {sorted(map(str, key_sources(container, keyguard)))}")


def check_document(where, document, keyguard):
    if not isinstance(document, dict):
        fail(where, f"a document that is no mapping: {document!r}")
        return
    for field in ("apiVersion", "kind"):
        if not isinstance(document.get(field), str) or not document[field]:
            fail(where, f"no {field}")
    metadata = document.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if not isinstance(name, str) or not DNS_SUBDOMAIN.match(name):
        fail(where, f"metadata needs a name (a DNS subdomain), not {name!r}")
    kind = document.get("kind")
    where = f"{where}, {kind} {name}"
    if kind == "Secret" and (document.get("data") or document.get("stringData")):
        fail(where, "a Secret with its values in the docs: keys never go into a manifest")
    if kind in POD_SPEC_PATHS:
        check_pod_spec(where, dig(document, POD_SPEC_PATHS[kind]), keyguard)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: docs_kubernetes_test.py PAGE KEYGUARD")
    page, binary = sys.argv[1], sys.argv[2]
    shown = os.path.relpath(page)
    keyguard = Keyguard(binary)
    documents = 0
    for line, text in yaml_blocks(page):
        try:
            loaded = list(yaml.load_all(text, Loader=StrictLoader))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            at = line + mark.line if mark else line
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            context = getattr(error, "context", None)
            fail(f"{shown}:{at}", f"not YAML: {problem}{f' ({context})' if context else ''}")
            continue
        for index, document in enumerate(d for d in loaded if d is not None):
            documents += 1
            check_document(f"{shown}:{line} (document {index + 1})", document, keyguard)
    if documents == 0:
        fail(shown, "no ```yaml block with a document")
    for count, form in ((Seen.in_front, "container with keyguard in front of its command"),
                        (Seen.init_check, "init container running keyguard"),
                        (Seen.startup_probe, "exec startupProbe running keyguard")):
        if count == 0:
            fail(shown, f"the Kubernetes YAML shows no {form}")
    for failure in failures:
        print(failure)
    verdict = "ok" if not failures else f"{len(failures)} problem{'s' if len(failures) > 1 else ''}"
    print(f"{documents} documents, {Seen.command_lines} keyguard command lines: {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
