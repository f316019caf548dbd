"""What a request asks many times, asked once: a dict that lives for one request (set
by RequestCacheMiddleware). Outside a request (services called by tasks, the shell,
tests) nothing is kept, so nothing stale outlives the request that read it."""

import contextvars

_store = contextvars.ContextVar("tdkt_request_cache", default=None)


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)


def remembered(key, compute, keep=lambda value: True):
    """`compute()` once per request for `key`; kept only when `keep(value)` holds."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        value = compute()
        if not keep(value):
            return value
        store[key] = value
    return store[key]


def remember(key, value):
    """Keep `value` for `key` for the rest of the request (found by a query that answered
    more than it was asked); nothing outside a request."""
    store = _store.get()
    if store is not None:
        store.setdefault(key, value)


def current():
    """The request's dict (None outside a request): for a module that keeps more than one
    value under its own key and must forget some (common.generations)."""
    return _store.get()
