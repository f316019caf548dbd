"""The product's admin site: Django's, with every registered ModelAdmin (the product's
and those of Django's auth, django-axes, django-tasks) guarded against what a crafted
request puts where a list expects a value: never a 500.

- Actions: ids that are not ids are dropped; rows out of scope or deleted since the list
  was shown are not acted on; when none is left the user is told and nothing runs.
- List filters and the date drill-down: a value the database cannot take (a year 1 that
  falls before year 1 once moved to UTC, a text where a number is expected) is treated
  as Django treats an unknown filter: the list again, with "?e=1".

settings.INSTALLED_APPS names ProductAdminConfig instead of django.contrib.admin, so
`admin.site` is this site and `@admin.register` goes through `register` below."""

from django.contrib import messages
from django.contrib.admin import AdminSite, ModelAdmin, helpers
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

from common.fields import is_id


def _integer_pk(model):
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField)


class GuardedAdminMixin:
    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if selected and request.POST.get("select_across") != "1":
            kept = [pk for pk in selected if is_id(pk)] if _integer_pk(self.model) else selected
            try:
                found = queryset.filter(pk__in=kept).exists()
            except (ValueError, ValidationError):  # a key of another type (a UUID)
                found = False
            if not found:
                self.message_user(
                    request,
                    _("Các mục đã chọn không còn, hoặc bạn không được xem; chưa có gì thay đổi."),
                    messages.WARNING,
                )
                return HttpResponseRedirect(request.get_full_path())
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, kept)
        return super().response_action(request, queryset)

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error


class ProductAdminSite(AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, GuardedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (GuardedAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)


def _boolean_icon(field_val):
    """Django's yes/no icon with a Vietnamese alt text (Django writes True/False)."""
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    text = {True: _("Có"), False: _("Không"), None: _("Chưa rõ")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


class ProductAdminConfig(AdminConfig):
    default_site = "schools.admin_site.ProductAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.admin.templatetags import admin_list

        admin_list._boolean_icon = _boolean_icon
