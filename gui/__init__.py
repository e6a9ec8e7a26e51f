"""Tributary's PySide6 front end: start-up and shutdown, the main window, panels, models, the meter."""
