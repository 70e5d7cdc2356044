"""Fake services on 127.0.0.1 that tests and benchmarks drive real clients against, and a fake
clock for the pacers."""
