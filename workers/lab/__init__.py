"""The Lab: every classic Python concurrency technique as an experiment that runs for real.

Each experiment module owns its parameters, the code that runs (shown to people as it is), its result
and its texts; :mod:`.registry` lists them and starts one as a job; :mod:`.export` writes CSV and traces.
Importing this package is light: aiohttp and numpy load when an experiment first needs them.
"""
