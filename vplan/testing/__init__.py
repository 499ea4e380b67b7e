"""Helpers for the tests and benchmarks only (factories, the browser harness, the demo
template database). Production code never imports them and the wheel leaves them out."""

# The tests sign users in often; full-strength password hashing only slows them down.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
