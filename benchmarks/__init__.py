"""Benchmarks: figures printed by scripts, not timed tests."""
