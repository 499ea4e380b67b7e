"""Kept in the process: a few recently read things that never change (a publication's frozen
report, decoded), so the next request for the same one need not read and decode it again.

Only for data that cannot go stale (a key names an immutable thing); anything that changes is
read from the database on each request. Bounded, least recently used out first, thread-safe
(gunicorn's threads share it)."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Kept = TypeVar("Kept")


class KeptFrozen(Generic[Kept]):
    """At most `size` values by key, each made once by `make()` while it is kept."""

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Kept]) -> Kept:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value
