"""The cache of what pages keep when DJANGO_CACHE_URL names a Redis (config/settings.py):
Redis, which every process of every machine shares, with this process's memory in front
of it.

What is kept there never changes under its key: a part's key holds the generations of
the scopes it shows (cache.py), a document's the digest of its HTML. So a value read
once from Redis may be served again from memory without asking Redis whether it still
holds: a page a person asks again costs no round trip, and what another process built
is read from Redis once instead of being built again in each process (a province's
teacher, whose every request may land on another worker)."""

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

_MISSING = object()


class MemoryBeforeRedis(RedisCache):
    """Django's RedisCache; `LOCAL_ENTRIES` (a setting of the cache, beside LOCATION)
    bounds how many values this process keeps in memory (the oldest third goes when
    full, as LocMemCache does)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.local = LocMemCache(
            f"memory-before-redis:{params.get('KEY_PREFIX', '')}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "OPTIONS": {"MAX_ENTRIES": params.get("LOCAL_ENTRIES", 300)},
            },
        )

    def get(self, key, default=None, version=None):
        value = self.local.get(key, _MISSING, version)
        if value is _MISSING:
            value = super().get(key, _MISSING, version)
            if value is _MISSING:
                return default
            self.local.set(key, value, version=version)
        return value

    def set(self, key, value, timeout=None, version=None):
        super().set(key, value, timeout, version)
        self.local.set(key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        added = super().add(key, value, timeout, version)
        if added:
            self.local.set(key, value, timeout, version)
        return added

    def delete(self, key, version=None):
        self.local.delete(key, version)
        return super().delete(key, version)

    def clear(self):
        """Redis's values and this process's copies (other processes keep theirs: their
        keys can only be asked again with the same value)."""
        self.local.clear()
        return super().clear()
