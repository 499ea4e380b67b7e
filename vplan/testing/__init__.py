"""Helpers for the tests and benchmarks only (factories, the browser harness, the demo
template database). Production code never imports them and the wheel leaves them out."""
