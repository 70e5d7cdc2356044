"""Fake services on 127.0.0.1 that tests and benchmarks drive real clients against, a fake
clock for the pacers, and the base of the tests' fake role models (``models.PredictOnlyModel``)."""
