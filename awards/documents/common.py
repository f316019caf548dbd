"""What every awards document shares: the heads and bodies of organisations, signatures,
numbers and the rows of the lists."""

from django.utils.text import Truncator, slugify

from common.vietnamese import (
    document_number,
    search_key,
    sort_by_text,
    sort_people,
)
from emulation.documents import paragraphs
from emulation.models import Recipient
from schools.models import Organization, Person, Role, SchoolYear
from schools.services import remembered_issuer

from ..models import Nomination

NBSP = "\u00a0"
# Award forms that are themselves the paper (the rest, medals, come with a certificate).
CERTIFICATE_FORMS = ("Giấy khen", "Bằng khen")
SUMMARY_CHARS = 300

# Who heads an organisation of each kind (the authority line of a decision).
HEAD_BY_KIND = {
    Organization.Kind.MINISTRY: "Bộ trưởng",
    Organization.Kind.DEPARTMENT: "Giám đốc",
    Organization.Kind.OFFICE: "Trưởng phòng",
    Organization.Kind.COMMUNE: "Chủ tịch",
    Organization.Kind.SCHOOL: "Hiệu trưởng",
}
# The collective body a "TM." (on behalf of) signature names.
BODY_BY_KIND = {
    Organization.Kind.COMMUNE: "Ủy ban nhân dân",
    Organization.Kind.OFFICE: "Ủy ban nhân dân",
}


def award_amount(awardee):
    """The awardee's money, as computed from the dated law (awards/law.py) when the list
    was made and again when the decision was recorded."""
    return awardee.amount


# --- organisations and signatures ----------------------------------------------------------


def governing_body(organization):
    if organization.governing_body:
        return organization.governing_body.upper()
    return organization.parent.name.upper() if organization.parent_id else ""


def place_of(organization):
    if organization.place_name:
        return organization.place_name
    if organization.parent_id and organization.parent.place_name:
        return organization.parent.place_name
    return "……"


def head_of(organization):
    return HEAD_BY_KIND.get(organization.kind, "Thủ trưởng")


def confirming_head(organization):
    """Who confirms an achievement report for `organization`: the signer of its last
    tờ trình (set on the proposal's page), else its head (principal_of)."""
    issuer = remembered_issuer(organization, "TTr")
    return (issuer.signer_name if issuer else "") or principal_of(organization)


def principal_of(organization):
    """Name of the head of a school (or office): the person holding the position, else
    the person of a user with the principal's role there this school year."""
    person = organization.people.filter(position=Person.Position.PRINCIPAL).first()
    if person is None:
        person = Person.objects.filter(
            user__role_assignments__organization=organization,
            user__role_assignments__role=Role.PRINCIPAL,
            user__role_assignments__school_year=SchoolYear.current(),
        ).first()
    return person.full_name if person else ""


def recipient_lines(text):
    """Nơi nhận typed one per line, without the dash and end mark the layout prints."""
    lines = [Recipient.normalised(line) for line in text.splitlines()]
    return [line for line in lines if line]


def numbered(number, symbol):
    """'12/QĐ-SGDĐT', or '      /QĐ-SGDĐT' for a draft (the number is written at signing)."""
    return document_number(number, symbol) if number is not None else f"{NBSP * 8}/{symbol}"


def file_stem(text):
    """'12/QĐ-SGDĐT' -> '12-qd-sgddt': ASCII for every file system."""
    return slugify(search_key(text.replace("/", " "))) or "van-ban"


def _sentence_case(text):
    text = text.strip().lower()
    return text[:1].upper() + text[1:]


def chair_body(office):
    """The People's Committee whose chair a Phòng GDĐT prepares decisions for, from the
    office's governing body: 'UBND HUYỆN BÀU BÀNG' -> 'Ủy ban nhân dân huyện Bàu Bàng'."""
    words = office.governing_body.split()
    if words[:1] == ["UBND"]:
        words = words[1:]
    elif [w.upper() for w in words[:4]] == ["ỦY", "BAN", "NHÂN", "DÂN"]:
        words = words[4:]
    else:
        return "Ủy ban nhân dân cấp huyện"
    if not words:
        return "Ủy ban nhân dân"
    return " ".join(["Ủy ban nhân dân", words[0].lower(), *(w.capitalize() for w in words[1:])])


def fund_holder(organization):
    """Whose award fund pays: the People's Committee for a decision a Phòng prepares."""
    if organization.kind == Organization.Kind.OFFICE:
        return chair_body(organization)
    return organization.name


def decision_issuer(decision):
    """(governing body line, issuer line) of a decision's header. A Phòng GDĐT decides
    nothing itself: it prepares the district chair's decisions, which the People's
    Committee issues (Luật 2022, Điều 80 khoản 2)."""
    organization = decision.organization
    if organization.kind == Organization.Kind.OFFICE:
        return "", chair_body(organization).upper()
    return governing_body(organization), organization.name.upper()


def decision_heads(decision):
    """(who decides, signature block) of a decision: 'Giám đốc Sở A' and the block
    'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / … / name'.

    The head ('Giám đốc') is what the signer acts for: the signer's own position without
    'Phó' when signing KT. (for the head), the organisation kind's head for TL./TUQ.; for
    TM. the collective body itself ('Ủy ban nhân dân')."""
    organization = decision.organization
    authority = decision.signer_authority.strip().upper()
    if authority and not authority.endswith("."):
        authority += "."
    office = organization.kind == Organization.Kind.OFFICE
    default_head = "Chủ tịch" if office else head_of(organization)
    position = decision.signer_position.strip() or default_head
    if authority == "TM.":
        head = BODY_BY_KIND.get(organization.kind, organization.name)
    elif office:  # the chair's decision, whatever the Phòng typed for the position
        head = "Chủ tịch"
    elif authority == "KT.":
        upper = position.upper()
        head = _sentence_case(position[4:]) if upper.startswith("PHÓ ") else default_head
    elif authority in ("TL.", "TUQ."):
        head = default_head
    else:
        head = _sentence_case(position.removeprefix("Q.").strip()) or default_head
    delegated = authority in ("KT.", "TM.", "TL.", "TUQ.")
    signature = {
        "authority_line": f"{authority} {head}".upper() if delegated else "",
        "position": (f"Q. {position}" if authority == "Q." else position).upper(),
        "position_note": "",
        "signer_name": decision.signer_name,
    }
    body = chair_body(organization) if office else organization.name
    decider = body if authority == "TM." else f"{head} {body}"
    return decider, signature


# --- rows of the lists ----------------------------------------------------------------------


NOMINATION_RELATED = ["person", "unit", "collective__parent", "organization", "title", "award_form"]


def nomination_queryset():
    return Nomination.objects.select_related(*NOMINATION_RELATED)


def nominee_unit(nomination):
    """The 'Đơn vị' column: the school of a person or a team; above a whole school."""
    if nomination.collective_id and nomination.collective_id == nomination.organization_id:
        parent = nomination.collective.parent
        return parent.name if parent else ""
    return nomination.organization.name


def nomination_row(nomination):
    person = nomination.person
    return {
        "name": nomination.nominee_name,
        "is_collective": nomination.is_collective,
        "position": person.get_position_display() if person else "",
        "unit": nominee_unit(nomination),
        "award": nomination.award_label,
        "summary": Truncator(" ".join(paragraphs(nomination.achievements))).chars(SUMMARY_CHARS),
    }


def grouped(rows, is_collective=lambda r: r["is_collective"], name=lambda r: r["name"]):
    """Parts of a list: collectives first (I), then people (II) in Vietnamese name order;
    STT restarts in each part, as in the lists offices print."""
    collectives = sort_by_text([r for r in rows if is_collective(r)], name)
    people = sort_people([r for r in rows if not is_collective(r)], name)
    parts = []
    if collectives:
        parts.append({"label": "I", "heading": "Tập thể", "rows": collectives})
    if people:
        parts.append({"label": "II" if collectives else "I", "heading": "Cá nhân", "rows": people})
    return parts, len(collectives), len(people)


def round_phrase(round):
    """'phong trào thi đua “…”, Quý IV năm 2026' for the texts that name the round."""
    if round is None:
        return ""
    return f"phong trào thi đua “{round.campaign.name}”, {round.name}"
