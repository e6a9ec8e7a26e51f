"""The Lab's figures: UI lateness while each experiment runs in the real window (default parameters; the
short ones with --quick), and how long Cancel takes for each."""

from __future__ import annotations

import sys

from bench.table import Row


def run(quick: bool = False) -> list[Row]:
    from bench.lab import SHORT, run_each
    from tributary.gui.app import Services, create_app, freeze_heap, run_qt, warm_imports
    from tributary.gui.main_window import MainWindow

    app, settings, languages = create_app()
    sys.setswitchinterval(0.001)  # as the app does
    rows: list[Row] = []

    async def main():
        services = Services(app, settings, languages, journal_path=":memory:")
        window = MainWindow(services)
        window.meter.start()
        window.show()
        await warm_imports(("numpy", "aiohttp", "pyqtgraph"))  # as the app does after its first paint …
        freeze_heap()  # … and then, once they are loaded
        try:
            params = SHORT if quick else {name: {} for name in SHORT}
            report = await run_each(window, services, params, cancel_after=0.5)
        finally:
            window.close()
            await services.shutdown()
        for r in report:
            p99 = r.lateness.get("p99", 0.0)
            rows.append(Row(f"lab {r.name} ({r.state}, {r.seconds:.1f} s): UI lateness p99", p99 / 1000,
                            goal="≤ 16 ms", met=r.state == "done" and p99 <= 16))
            rows.append(Row(f"lab {r.name}: Cancel to cancelled and reaped ({r.cancel_state})", r.cancel_seconds,
                            goal="≤ 100 ms", met=r.cancel_state == "cancelled" and (r.cancel_seconds or 1) <= 0.1))

    run_qt(main())
    return rows
