from jamhub.community.models.reviews import (
    ArtistReply,
    HelpfulVote,
    ReportReason,
    ReportStatus,
    Review,
    ReviewReport,
    ReviewRevision,
    ReviewStatus,
)
from jamhub.community.models.tags import BannedTag, CommunityTagging

__all__ = [
    "ArtistReply",
    "BannedTag",
    "CommunityTagging",
    "HelpfulVote",
    "ReportReason",
    "ReportStatus",
    "Review",
    "ReviewReport",
    "ReviewRevision",
    "ReviewStatus",
]
