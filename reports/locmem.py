"""Django's local-memory cache, bounded in bytes as well as in entries.

`LocMemCache` bounds the number of entries (MAX_ENTRIES), not their size, and never
drops an expired entry nobody asks for again. The page cache stores whole pages: 5,000
pages of the 2.2 MB kind (`/articles/?region=<300 codes>&z=N`) would be 11 GB a
worker (issue 11, finding 3). This backend also keeps the pickled size of every entry
and, past MAX_BYTES, drops expired entries, then the least recently used, until the
total fits again; a value larger than the whole budget is not stored at all.

OPTIONS: MAX_BYTES (default 64 MiB), plus LocMemCache's MAX_ENTRIES and
CULL_FREQUENCY. Like LocMemCache, every backend instance with one LOCATION (Django
makes one per thread) shares one store, one lock and here one byte count.
"""

from __future__ import annotations

import pickle
import time
from dataclasses import dataclass, field

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# What an entry costs besides its pickled bytes: the bytes object's header, the key
# string, the two dictionary slots and the expiry float (measured: ~250 bytes).
ENTRY_OVERHEAD = 256
# Expired entries are swept at most this often (seconds): a sweep reads every entry.
SWEEP_SECONDS = 60


@dataclass
class _Ledger:
    """The bytes each key holds and their total, shared by one LOCATION's instances."""

    sizes: dict[str, int] = field(default_factory=dict)
    total: int = 0
    swept_at: float = 0.0


_ledgers: dict[str, _Ledger] = {}


class ByteBoundedLocMemCache(LocMemCache):
    """LocMemCache that keeps its stored bytes under OPTIONS["MAX_BYTES"]."""

    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self.max_bytes = int(options.get("MAX_BYTES", DEFAULT_MAX_BYTES))
        self._ledger = _ledgers.setdefault(name, _Ledger())

    @property
    def stored_bytes(self) -> int:
        """What the entries hold now, as counted against MAX_BYTES."""
        return self._ledger.total

    # LocMemCache's add and set, refusing a value larger than the whole budget.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        pickled = pickle.dumps(value, self.pickle_protocol)
        with self._lock:
            if not self._has_expired(key) or not self._fits(key, pickled):
                return False
            self._set(key, pickled, timeout)
            return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        pickled = pickle.dumps(value, self.pickle_protocol)
        with self._lock:
            if self._fits(key, pickled):
                self._set(key, pickled, timeout)
            else:
                self._delete(key)  # an older, smaller value must not linger

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._forget(key)
        super()._set(key, value, timeout)
        self._remember(key, value)
        self._fit()

    def incr(self, key, delta=1, version=None):
        new_value = super().incr(key, delta, version)
        stored_key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if stored_key in self._cache:
                self._forget(stored_key)
                self._remember(stored_key, self._cache[stored_key])
        return new_value

    def _delete(self, key):
        deleted = super()._delete(key)
        if deleted:
            self._forget(key)
        return deleted

    def _cull(self):
        if self._cull_frequency == 0:
            self._cache.clear()
            self._expire_info.clear()
            self._ledger.sizes.clear()
            self._ledger.total = 0
            return
        for _ in range(len(self._cache) // self._cull_frequency):
            self._pop_least_recent()

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._ledger.sizes.clear()
            self._ledger.total = 0

    # --- the byte count (all under self._lock) ---------------------------------------

    @staticmethod
    def _entry_size(key, pickled: bytes) -> int:
        return len(pickled) + len(key) + ENTRY_OVERHEAD

    def _fits(self, key, pickled: bytes) -> bool:
        return self._entry_size(key, pickled) <= self.max_bytes

    def _remember(self, key, pickled) -> None:
        size = self._entry_size(key, pickled)
        self._ledger.sizes[key] = size
        self._ledger.total += size

    def _forget(self, key) -> None:
        self._ledger.total -= self._ledger.sizes.pop(key, 0)

    def _pop_least_recent(self) -> None:
        # LocMemCache moves each key it reads or writes to the front: the last is the
        # least recently used.
        key, _ = self._cache.popitem()
        self._expire_info.pop(key, None)
        self._forget(key)

    def _fit(self) -> None:
        now = time.time()
        if now - self._ledger.swept_at > SWEEP_SECONDS:
            self._ledger.swept_at = now
            for key in [k for k, expires in self._expire_info.items() if expires is not None]:
                if self._expire_info[key] <= now:
                    self._delete(key)
        while self._ledger.total > self.max_bytes and self._cache:
            self._pop_least_recent()
