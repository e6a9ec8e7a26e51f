"""The responsiveness meter: a precise 10 ms heartbeat on the GUI thread and how late each beat is.

Lateness is the gap between two beats minus the interval; a frozen GUI thread shows up as one large
gap. :meth:`ResponsivenessMeter.stats` gives p50/p99/max over a sliding window for the status bar,
tests and benchmarks.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal


class ResponsivenessMeter(QObject):
    updated = Signal(dict)  # emitted twice a second with :meth:`stats`

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 10, window_s: float = 10.0) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.window_ms = window_s * 1000.0
        self._samples: deque[tuple[float, float]] = deque()
        self._clock = QElapsedTimer()
        self._last = 0.0
        self._beat = QTimer(self)
        self._beat.setTimerType(Qt.TimerType.PreciseTimer)
        self._beat.setInterval(interval_ms)
        self._beat.timeout.connect(self._on_beat)
        self._report = QTimer(self)
        self._report.setInterval(500)
        self._report.timeout.connect(lambda: self.updated.emit(self.stats()))
        self.sink = None  # optional ``sink(lateness_ms)`` called on every beat (the timeline's counter)

    def start(self) -> None:
        self._clock.start()
        self._last = 0.0
        self._beat.start()
        self._report.start()

    def stop(self) -> None:
        self._beat.stop()
        self._report.stop()

    def reset(self) -> None:
        self._samples.clear()
        if self._clock.isValid():
            self._last = self._clock.nsecsElapsed() / 1e6

    def _on_beat(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6
        late = max(0.0, now - self._last - self.interval_ms)
        self._last = now
        self._samples.append((now, late))
        if self.sink is not None:
            self.sink(late)
        horizon = now - self.window_ms
        while self._samples and self._samples[0][0] < horizon:
            self._samples.popleft()

    def lateness(self) -> list[float]:
        return [late for _, late in self._samples]

    def stats(self) -> dict:
        values = sorted(self.lateness())
        if not values:
            return {"p50": 0.0, "p99": 0.0, "max": 0.0, "beats": 0}

        def pct(q: float) -> float:
            return values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))]

        return {"p50": round(pct(0.5), 2), "p99": round(pct(0.99), 2), "max": round(values[-1], 2),
                "beats": len(values)}
