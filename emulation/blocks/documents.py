"""The covenant (giao ước thi đua) of a block as an official document."""

from django.utils import timezone

from common.vietnamese import document_date

from ..rendering import OfficialDocument
from .models import CovenantConfirmation
from .tables import covenant_rows, target_values


class CovenantDocument(OfficialDocument):
    template_name = "documents/covenant.html"

    def __init__(self, block):
        self.block = block

    def filename(self, extension):
        return f"giao-uoc-thi-dua-{self.block.pk}.{extension}"

    def context(self):
        block = self.block
        items = list(block.target_items.all())
        values = target_values(block)
        confirmations = {
            c.school_id: c
            for c in CovenantConfirmation.objects.filter(block=block).select_related("confirmed_by")
        }
        schools = [
            m.school for m in block.memberships.select_related("school").order_by("school__name")
        ]
        leader = block.leader_school
        principal = leader.people.filter(position="principal").first()
        return {
            "eblock": block,
            "governing_body": block.office.name.upper(),
            "issuer": block.name.upper(),
            "reference": "",
            "date_line": f"{leader.place_name or '……'}, {document_date(timezone.localdate())}",
            "type_label": "BẢNG GIAO ƯỚC THI ĐUA",
            "items": items,
            "rows": covenant_rows(items, schools, values, confirmations),
            "recipients": [
                "Hội đồng Thi đua - Khen thưởng Phòng GDĐT",
                "Các trường trong khối",
                "Lưu: VT",
            ],
            "signatures": [
                {
                    "authority_line": "",
                    "position": "KHỐI TRƯỞNG",
                    "position_note": f"Hiệu trưởng {leader.name}",
                    "signer_name": principal.full_name if principal else "",
                }
            ],
        }
