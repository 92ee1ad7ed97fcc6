"""Wall time and peak memory per stage, shared by both sides of the benchmark.

A module of its own (standard library only) so that benchmarks/independent.py
can time itself the same way as the harness times ffcheck without importing
anything of ffcheck or of the harness.
"""

from __future__ import annotations

import os
import threading
import time


class Stages:
    """Wall time, CPU time and peak resident memory per stage (RSS sampled every 5 ms).

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
        self.cpu_started = time.process_time()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _sample(self) -> None:
        while not self._stop:
            self.peak = max(self.peak, self.rss())
            time.sleep(0.005)

    def done(self, stage: str, seconds: float | None = None) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.peak = max(self.peak, self.rss())
        self.rows[stage] = {
            "seconds": round(now - self.started if seconds is None else seconds, 3),
            "cpu_s": round(cpu - self.cpu_started, 3),
            "peak_mb": round(self.peak / 2**20, 1),
        }
        self.peak = self.rss()
        self.started, self.cpu_started = now, cpu
