"""History rows: one step in the life of a record (who did what, from which status to
which), and the link such a row, or any row that belongs to one of several kinds of
record, keeps to its record. The apps' event models (a plan's, a form's review, the
awards' steps) are built on them; their labels and their records are their own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import by_user


def belongs_to(model, verbose_name, related_name):
    """The link from a row to one of the kinds of record it may belong to: a row names
    one of them and leaves the others empty; it is deleted with its record."""
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class StatusEvent(models.Model):
    """One step in a record's history: who did it, what (an action code, read through
    `ACTION_LABELS`) and from which status to which (read through the status choices of
    the record: the first of the links named in `RECORDS` that is set)."""

    ACTION_LABELS = {}
    RECORDS = ()

    actor = by_user(_("người thực hiện"))
    action = models.CharField(_("thao tác"), max_length=30)
    from_status = models.CharField(max_length=10, blank=True, verbose_name=_("từ trạng thái"))
    to_status = models.CharField(max_length=10, blank=True, verbose_name=_("sang trạng thái"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.action} {self.at:%d/%m/%Y %H:%M}"

    @property
    def action_label(self):
        return self.ACTION_LABELS.get(self.action, self.action)

    @property
    def to_status_label(self):
        for name in self.RECORDS:
            if getattr(self, f"{name}_id") is not None:
                record = self._meta.get_field(name).related_model
                choices = dict(record._meta.get_field("status").choices)
                return choices.get(self.to_status, self.to_status)
        return self.to_status
