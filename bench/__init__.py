"""Benchmarks: ``python -m app bench`` (bench/run.py) and the older single-topic scripts."""
