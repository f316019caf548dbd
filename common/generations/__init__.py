"""What a cached part of a page was built from, and whether it is still that: each write
that changes what a scope shows adds a row (a random token) to the scope's history in
the same transaction as the change itself, and a part cached under the newest tokens of
its scopes is good until one of them moves. See `cache.py`."""
