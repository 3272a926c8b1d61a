"""Run one command as a fresh process and report its wall time and its own peak memory.

    python -m bench.measure CMD ARG...   prints {"wall_seconds": ..., "peak_mib": ..., "returncode": ...}
                                         on its last line of stderr-free stdout, after CMD's own output

Why a runner of its own: on Linux a process's ru_maxrss survives fork and exec, so a child
started by a big parent (the benchmark holds polars, DuckDB and a backlog in memory) reports
the parent's high-water mark, not its own (every child showed ~850 MiB). This runner is a
small process; it forks (the fork starts with the runner's small footprint) and execs CMD, and
os.wait4 returns the rusage of exactly that child.
"""
from __future__ import annotations

import json
import os
import sys
import time


def measure(command: list[str]) -> dict:
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: become CMD at once, nothing of this runner's state kept
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    return {
        "wall_seconds": wall,
        "peak_mib": usage.ru_maxrss / 1024,  # KiB on Linux
        "returncode": os.waitstatus_to_exitcode(status),
    }


def main(argv: list[str]) -> None:
    sys.stdout.flush()
    result = measure(argv)
    print(json.dumps(result), flush=True)
    sys.exit(0 if result["returncode"] == 0 else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
