"""Django's PostgreSQL backend with statements' values bound on the server (base.py)."""
