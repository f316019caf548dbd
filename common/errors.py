"""The error every service raises to refuse an action. It sits below the services and
the text helpers that both raise it (schools.services, common.text, common.uploads)."""


class ServiceError(Exception):
    """A refused action; its message is Vietnamese and shown to the user as it is, at
    the form field named `field` when there is one."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field
