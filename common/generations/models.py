from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """A write that changed what the cached parts of `scope` show. Rows are only added
    (never updated: two writers never wait for one row, so they cannot deadlock); the
    newest row of a scope is its generation, older ones are pruned now and then."""

    scope = models.CharField(_("phạm vi"), max_length=64)
    token = models.BigIntegerField(_("mã phiên bản"))

    class Meta:
        verbose_name = _("thay đổi dữ liệu")
        verbose_name_plural = _("thay đổi dữ liệu")
        indexes = [models.Index(fields=["scope", "id"], name="generation_scope_newest")]

    def __str__(self):
        return f"{self.scope} #{self.pk}"
