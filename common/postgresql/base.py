"""Django's PostgreSQL backend, with one change for server-side binding
(config/settings.py, DATABASE_PREPARE_THRESHOLD): a statement with more values than one
statement may bind in PostgreSQL's protocol (65,535) is sent with its values written
into its text, as Django sends every statement without server-side binding. So a
filter on a province's 70,000 ids still runs, where PostgreSQL would refuse it."""

import psycopg
from django.db.backends.postgresql import base

MAX_BOUND_VALUES = 65535


class ServerBindingCursor(base.ServerBindingCursor):
    def execute(self, query, params=None, **kwargs):
        if params is not None and len(params) > MAX_BOUND_VALUES:
            with psycopg.ClientCursor(self.connection) as writer:
                query, params = writer.mogrify(query, params), None
        return super().execute(query, params, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("cursor_factory") is base.ServerBindingCursor:
            params["cursor_factory"] = ServerBindingCursor
        return params
