"""The actor of the audit entries a request writes, as auditlog's middleware records it
(the signed-in user, the client's address and port), without its cost on every request:
auditlog connects a pre_save receiver at the start of each request and disconnects it
at the end, and each connect or disconnect empties the cache of pre_save's receivers,
so every request, reads included, paid for it and every save after it looked its
receivers up again. Here one receiver, connected once (AuditConfig.ready), reads the
request's data from auditlog's own context variable."""

from auditlog.cid import set_cid
from auditlog.context import _set_extra_data, auditlog_value
from auditlog.middleware import AuditlogMiddleware

# Marks the context data set by this middleware (auditlog's set_actor() and
# set_extra_data() outside requests keep their own receivers and marks).
REQUEST = ("audit.middleware", "request")


class AuditActorMiddleware(AuditlogMiddleware):
    def __call__(self, request):
        set_cid(request)
        token = auditlog_value.set({**self.get_extra_data(request), "signal_duid": REQUEST})
        try:
            return self.get_response(request)
        finally:
            auditlog_value.reset(token)


def set_request_actor(sender, instance, **kwargs):
    """pre_save of a log entry: the actor, address and port of the request writing it."""
    _set_extra_data(sender, instance, signal_duid=REQUEST)
