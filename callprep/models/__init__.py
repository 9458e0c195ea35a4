"""All tables. Each area keeps its models in its own module; import them here for Alembic."""

from callprep.db import Base
from callprep.models.accounts import ApiKey, User
from callprep.models.analysis import LeadFact, LeadTopic, TextAnalysis
from callprep.models.leads import INTERACTION_TYPES, Interaction, Lead, LeadExternalId
from callprep.models.privacy import Erasure, SuppressionSalt

__all__ = [
    "INTERACTION_TYPES",
    "ApiKey",
    "Base",
    "Interaction",
    "Lead",
    "LeadExternalId",
    "LeadFact",
    "LeadTopic",
    "TextAnalysis",
    "User",
    "Erasure",
    "SuppressionSalt",
]
