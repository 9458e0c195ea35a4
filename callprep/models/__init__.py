"""All tables. Each area keeps its models in its own module; import them here for Alembic."""

from callprep.db import Base
from callprep.models.accounts import ApiKey, User
from callprep.models.alerts import Alert, AlertDelivery, AlertDeliveryItem, AlertPreference
from callprep.models.analysis import LeadFact, LeadTopic, TextAnalysis
from callprep.models.battlecards import Battlecard, BattlecardName, BattlecardVersion
from callprep.models.briefs import BriefRecord, LeadActivity, Outcome
from callprep.models.companies import Company
from callprep.models.deliveries import WebhookDelivery
from callprep.models.glossary import GlossaryTerm
from callprep.models.jobs import AnalysisJob
from callprep.models.leads import Interaction, Lead, LeadExternalId
from callprep.models.privacy import Erasure, SuppressionSalt
from callprep.models.routing import LeadAssignment, RoundRobinState, RoutingRule
from callprep.models.talktrack_history import TalkTrackChange
from callprep.models.talktracks import (
    TalkTrack,
    TalkTrackAllocation,
    TalkTrackVariant,
    TalkTrackVersion,
)
from callprep.models.websessions import WebSession

__all__ = [
    "Alert",
    "AlertDelivery",
    "AlertDeliveryItem",
    "AlertPreference",
    "AnalysisJob",
    "ApiKey",
    "Battlecard",
    "BattlecardName",
    "BattlecardVersion",
    "Company",
    "Base",
    "GlossaryTerm",
    "Interaction",
    "Lead",
    "LeadExternalId",
    "LeadAssignment",
    "RoundRobinState",
    "RoutingRule",
    "LeadFact",
    "LeadTopic",
    "TextAnalysis",
    "User",
    "BriefRecord",
    "LeadActivity",
    "Outcome",
    "TalkTrack",
    "TalkTrackAllocation",
    "TalkTrackVariant",
    "TalkTrackVersion",
    "TalkTrackChange",
    "WebSession",
    "Erasure",
    "SuppressionSalt",
    "WebhookDelivery",
]
