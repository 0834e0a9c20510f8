#!/usr/bin/env python3
"""The house's layout holds: no import cycle between guard/'s modules, named on failure as the
path of files that closes the loop. A module is a file pair, x.h with x.cpp, and the private
parts named after it that have no .cpp of their own (trust_chain.h and tls_internals.c belong
to trust and tls); an arrow is an #include "y.h" in any of its files. Run by ctest with the
source directory as its argument."""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)


def module_of(guard, stem):
    """STEM's module: itself, or the module whose private part it is (trust_chain -> trust)."""
    if not (guard / (stem + ".cpp")).exists() and "_" in stem:
        owner = stem.rsplit("_", 1)[0]
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


def main():
    guard = pathlib.Path(sys.argv[1]) / "guard"
    cycle = find_cycle(module_graph(guard))
    if cycle:
        print("layout test: FAILED: an import cycle: " + "; ".join(cycle))
        print("layout test: 0 passed, 1 failed")
        return 1
    print("layout test: ok: no import cycle among guard/'s modules")
    print("layout test: 1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
