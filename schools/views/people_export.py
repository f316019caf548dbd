from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from common.http import xlsx_response

from .. import visibility
from ..exports import PeopleExport
from ..models import Organization
from .organizations import filtered_people


@login_required
def people_export(request, pk):
    org = get_object_or_404(visibility.visible(request.user, Organization), pk=pk)
    people, _query = filtered_people(request, org)
    return xlsx_response(PeopleExport(org, people).content(), f"nhan-su-{org.pk}.xlsx")
