"""Benchmarks (see the README's Performance section); `bench.scale` is `make bench`."""
