#!/usr/bin/env python3
"""Clang's thread-safety analysis over the annotated sources (util/mutex.h).

g++ builds the project and ignores the annotations (util/thread_annotations.h);
this compiles, with clang++ -fsyntax-only -Wthread-safety
-Werror=thread-safety, every source of the build (compile_commands.json) that
includes util/mutex.h itself or through its own header, with the include
paths and defines the build gives it. Exit 0 when every one passes.

--expect-violation FILE: compile FILE alone (with the flags of an annotated
source) and exit 0 only when clang refuses it for thread safety: proof that
the check catches an unguarded read (tests/thread_safety/unguarded_read.cc).

Exit 77 (ctest: skipped) when clang++ is not installed (scripts/setup installs it).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

MUTEX_INCLUDE = re.compile(r'#include\s+"util/mutex\.h"')
CLANG_FLAGS = ["-fsyntax-only", "-Wthread-safety", "-Wthread-safety-beta", "-Werror=thread-safety",
               "-Wno-unknown-warning-option"]


def includes_mutex(path):
    try:
        with open(path, encoding="utf-8") as f:
            return MUTEX_INCLUDE.search(f.read()) is not None
    except OSError:
        return False


def annotated(entry):
    source = entry["file"]
    header = os.path.splitext(source)[0] + ".h"
    return includes_mutex(source) or includes_mutex(header)


def clang_args(entry):
    """The include paths, defines and standard of a compile command, for clang."""
    words = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    out = []
    i = 1
    while i < len(words):
        w = words[i]
        if w in ("-I", "-isystem", "-iquote", "-D"):
            out += [w, words[i + 1]]
            i += 2
            continue
        if w == "-include":
            # CMake's precompiled-header stub (nlohmann/json, SQLiteCpp,
            # ZeroMQ, spdlog for every source): left out, so that clang parses
            # only what each source includes, several times faster.
            i += 2
            continue
        if w.startswith(("-I", "-D", "-std=", "-isystem")):
            out.append(w)
        i += 1
    return out


def run(clang, entry, source=None):
    args = [clang] + CLANG_FLAGS + clang_args(entry) + [source or entry["file"]]
    p = subprocess.run(args, cwd=entry["directory"], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True, help="the build folder (its compile_commands.json)")
    parser.add_argument("--source", required=True, help="the source tree")
    parser.add_argument("--clang", default="clang++")
    parser.add_argument("--expect-violation", help="a file clang must refuse for thread safety")
    parser.add_argument("--jobs", type=int, default=2)
    a = parser.parse_args()

    clang = shutil.which(a.clang)
    if clang is None:
        print("skipped: %s is not installed (scripts/setup installs the clang package)" % a.clang)
        return 77
    try:
        with open(os.path.join(a.build, "compile_commands.json"), encoding="utf-8") as f:
            commands = json.load(f)
    except OSError as e:
        print("no compile_commands.json in %s (configure with CMake first): %s" % (a.build, e))
        return 1
    source_root = os.path.realpath(a.source)
    entries, seen = [], set()
    for e in commands:  # a source in several targets is checked once
        path = os.path.realpath(e["file"])
        if path.startswith(source_root + os.sep) and path not in seen and annotated(e):
            seen.add(path)
            entries.append(e)
    if not entries:
        print("no source of the build includes util/mutex.h: nothing would be checked")
        return 1

    if a.expect_violation:
        code, output = run(clang, entries[0], os.path.realpath(a.expect_violation))
        print(output)
        if code != 0 and "[-Werror,-Wthread-safety" in output:
            print("ok: clang refuses %s for thread safety" % a.expect_violation)
            return 0
        print("FAILED: clang did not refuse %s for thread safety (exit %d)" % (a.expect_violation, code))
        return 1

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        results = pool.map(lambda e: (e["file"], run(clang, e)), entries)
        for source, (code, output) in results:
            name = os.path.relpath(source, source_root)
            if code == 0:
                print("ok  %s" % name)
            else:
                failed += 1
                print("FAILED  %s\n%s" % (name, output))
    print("%d annotated source(s) checked, %d failed" % (len(entries), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
