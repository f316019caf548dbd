"""Awards data: the catalogue and its rules, the school's council and secret vote, the
posting of its results, quarterly nominations and the proposals that carry them up the
tree, decisions and their certificates. Data and invariants only; every state change is
a function in awards/services/."""

from .catalogue import AwardForm, Recipient, Rule, Title
from .council import (
    Ballot,
    BallotReceipt,
    Candidate,
    Council,
    Evaluation,
    Posting,
    PostingComment,
    Vote,
)
from .decisions import Awardee, CertificateBatch, Decision
from .events import AwardEvent
from .history import AwardRecord, HistoryImport
from .law import Authority, AwardMoney, BaseSalary, DecisionBasis
from .minutes import Minutes, WrittenOpinion
from .nominations import (
    Evidence,
    Nomination,
    Proposal,
    ProposalItem,
    Round,
)
from .reminders import RoundReminder
from .year_start import AwardPolicy, StaffCovenant, TitleRegistration

__all__ = [
    "Authority",
    "AwardRecord",
    "HistoryImport",
    "AwardMoney",
    "BaseSalary",
    "DecisionBasis",
    "AwardEvent",
    "AwardForm",
    "Awardee",
    "Ballot",
    "BallotReceipt",
    "Candidate",
    "CertificateBatch",
    "Council",
    "Decision",
    "Evaluation",
    "Evidence",
    "Nomination",
    "Posting",
    "PostingComment",
    "Proposal",
    "ProposalItem",
    "Recipient",
    "Round",
    "RoundReminder",
    "Rule",
    "Title",
    "Vote",
    "Minutes",
    "WrittenOpinion",
    "AwardPolicy",
    "StaffCovenant",
    "TitleRegistration",
]
