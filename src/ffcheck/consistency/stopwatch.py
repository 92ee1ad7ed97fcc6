"""Seconds per stage of a run, for progress lines and the benchmark."""

from __future__ import annotations

import time


class Stopwatch:
    """Seconds spent per stage, summed over rules (for progress and the benchmark)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._stage: str | None = None
        self._since = 0.0

    def start(self, stage: str) -> None:
        now = time.perf_counter()
        if self._stage is not None:
            self.seconds[self._stage] = self.seconds.get(self._stage, 0.0) + now - self._since
        self._stage, self._since = stage, now

    def stop(self) -> None:
        self.start("_idle")
        self.seconds.pop("_idle", None)
        self._stage = None
