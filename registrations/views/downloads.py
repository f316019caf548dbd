from django.http import Http404


def registration_pdf(request, *args, **kwargs):  # scaffold, replaced in this change
    raise Http404


def group_pdf(request, *args, **kwargs):  # scaffold, replaced in this change
    raise Http404


def campaign_forms_pdf(request, *args, **kwargs):  # scaffold, replaced in this change
    raise Http404


def campaign_summary_xlsx(request, *args, **kwargs):  # scaffold, replaced in this change
    raise Http404


def office_summary_xlsx(request, *args, **kwargs):  # scaffold, replaced in this change
    raise Http404
