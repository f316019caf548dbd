"""Sessions in the database whose row comes with the newest generation of CONTENT, in
the same query (settings.SESSION_ENGINE): a request then knows whether what it kept of
the user's roles and people (schools.visibility.access_for) still holds without a
query of its own."""

import logging

from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.db.models import BigIntegerField, Subquery
from django.utils import timezone

from .cache import CONTENT, known
from .models import Change


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        newest = Change.objects.filter(scope=CONTENT).order_by("-id").values("token")[:1]
        try:
            row = self.model.objects.annotate(
                content_generation=Subquery(newest, output_field=BigIntegerField())
            ).get(session_key=self.session_key, expire_date__gt=timezone.now())
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            # as Django's database sessions do
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None
        known(CONTENT, row.content_generation or 0)
        return row
