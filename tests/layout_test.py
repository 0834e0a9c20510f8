#!/usr/bin/env python3
"""The house's layout holds: no import cycle between guard/'s modules, named on failure as the
path of files that closes the loop, and no file in guard/ over 500 lines. A module is a file
pair, x.h with x.cpp, and the private parts named after it that have no .cpp of their own
(trust_chain.h, tls_internals.c and providers_first_party.h belong to trust, tls and
providers); an arrow is an #include "y.h" in any of its files. Run by ctest with the source
directory as its argument."""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)


def module_of(guard, stem):
    """STEM's module: itself, or the module whose private part it is (trust_chain -> trust)."""
    if (guard / (stem + ".cpp")).exists():
        return stem
    owner = stem
    while "_" in owner:
        owner = owner.rsplit("_", 1)[0]
        if (guard / (owner + ".h")).exists():
            return owner
    return stem


def module_graph(guard):
    graph = {}
    for path in sorted(guard.glob("*.[ch]*")):
        if path.suffix not in (".h", ".cpp", ".c"):
            continue
        module = module_of(guard, path.stem)
        arrows = graph.setdefault(module, {})
        for included in INCLUDE.findall(path.read_text()):
            target = module_of(guard, included)
            if target != module and (guard / (included + ".h")).exists():
                arrows.setdefault(target, f"{path.name} includes {included}.h")
    return graph


def find_cycle(graph):
    state, stack = {}, []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in graph.get(module, {}):
            if state.get(target) == "open":
                loop = stack[stack.index(target):] + [target]
                return [graph[a][b] for a, b in zip(loop, loop[1:])]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


MOST_LINES = 500


def long_files(guard):
    return [f"{path.name} has {n} lines" for path in sorted(guard.iterdir()) if path.is_file()
            for n in [len(path.read_text().splitlines())] if n > MOST_LINES]


def main():
    guard = pathlib.Path(sys.argv[1]) / "guard"
    passed = failed = 0
    cycle = find_cycle(module_graph(guard))
    if cycle:
        print("layout test: FAILED: an import cycle: " + "; ".join(cycle))
        failed += 1
    else:
        print("layout test: ok: no import cycle among guard/'s modules")
        passed += 1
    long = long_files(guard)
    if long:
        print(f"layout test: FAILED: files over {MOST_LINES} lines: " + "; ".join(long))
        failed += 1
    else:
        print(f"layout test: ok: no file in guard/ over {MOST_LINES} lines")
        passed += 1
    print(f"layout test: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
