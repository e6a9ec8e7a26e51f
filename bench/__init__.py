"""Benchmarks that print ratios against peer tools measured in the same run (``./dev.sh bench``)."""
