"""Who a row of awards is about: one person, or a collective (a unit of a school, or an
organisation). A candidate of the council's vote and a year-start registration name
theirs in the same three fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import Organization, Person, Unit


class PersonOrCollective(models.Model):
    """One of the three is set; the row goes with the person or collective."""

    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("tập thể (tổ)"), null=True, blank=True, on_delete=models.CASCADE
    )
    collective = models.ForeignKey(
        Organization,
        verbose_name=_("tập thể (đơn vị)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def holder_name(self):
        return str(self.person or self.unit or self.collective)
