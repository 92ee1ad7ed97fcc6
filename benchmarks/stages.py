"""Wall time, CPU time and peak memory per stage, shared by both sides of the benchmark.

A module of its own (standard library only) so that benchmarks/independent.py
can time itself the same way as the harness times ffcheck without importing
anything of ffcheck or of the harness.
"""

from __future__ import annotations

import itertools
import os
import resource
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs (Spark local's JVM is one)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                children = [int(c) for c in handle.read().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except OSError:  # (gone since it was listed)
        return 0


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


class Stages:
    """Wall time, CPU time and peak resident memory per stage (RSS sampled every 5 ms),
    of this process and every process it started (Spark local's JVM).

    CPU time (the process's, all threads) is reported beside wall time because the
    benchmark machine is shared: other jobs stretch wall time, much less CPU time.
    """

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, float]] = {}
        self.peak = 0
        self._stop = False
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self.started = time.perf_counter()
        self.cpu_started = self.cpu()

    @staticmethod
    def rss(children: list[int] | None = None) -> int:
        me = os.getpid()
        children = descendants(me) if children is None else children
        return _resident(me) + sum(_resident(p) for p in children)

    @staticmethod
    def cpu() -> float:
        """CPU seconds of this process, its running descendants and those that ended."""
        ended = resource.getrusage(resource.RUSAGE_CHILDREN)
        running = sum(_cpu_seconds(p) for p in descendants(os.getpid()))
        return time.process_time() + ended.ru_utime + ended.ru_stime + running

    def _sample(self) -> None:
        children: list[int] = []
        for tick in itertools.count():
            if self._stop:
                return
            if tick % 40 == 0:  # new child processes looked for every 0.2 s, not each time
                children = descendants(os.getpid())
            self.peak = max(self.peak, self.rss(children))
            time.sleep(0.005)

    def done(self, stage: str, seconds: float | None = None) -> None:
        now, cpu = time.perf_counter(), self.cpu()
        self.peak = max(self.peak, self.rss())
        self.rows[stage] = {
            "seconds": round(now - self.started if seconds is None else seconds, 3),
            "cpu_s": round(cpu - self.cpu_started, 3),
            "peak_mb": round(self.peak / 2**20, 1),
        }
        self.peak = self.rss()
        self.started, self.cpu_started = now, cpu
