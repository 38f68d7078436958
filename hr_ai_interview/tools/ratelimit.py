"""A per-client rate limit kept in the Odoo process (one window per key and route)."""

import threading
import time


class RateLimiter:
    """At most ``limit`` hits per ``period`` seconds for each key; ``hit`` returns the seconds to wait
    (0 when allowed). In memory, per process: behind several Odoo processes each keeps its own count."""

    def __init__(self, limit, period, max_keys=50_000):
        self.limit, self.period, self.max_keys = limit, period, max_keys
        self._hits = {}
        self._lock = threading.Lock()

    def hit(self, key, now=None):
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) > self.max_keys:
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - self.period}
            hits = [t for t in self._hits.get(key, ()) if t > now - self.period]
            if len(hits) >= self.limit:
                self._hits[key] = hits
                return max(1, int(hits[0] + self.period - now) + 1)
            hits.append(now)
            self._hits[key] = hits
            return 0
