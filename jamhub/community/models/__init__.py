from jamhub.community.models.favourites import Favourite, FavouriteKind
from jamhub.community.models.history import Listening, ListeningPreference
from jamhub.community.models.playlists import (
    MAX_PLAYLIST_TRACKS,
    Playlist,
    PlaylistArchive,
    PlaylistArchiveStatus,
    PlaylistItem,
)
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
    "MAX_PLAYLIST_TRACKS",
    "ArtistReply",
    "BannedTag",
    "CommunityTagging",
    "Favourite",
    "FavouriteKind",
    "HelpfulVote",
    "Listening",
    "ListeningPreference",
    "Playlist",
    "PlaylistArchive",
    "PlaylistArchiveStatus",
    "PlaylistItem",
    "ReportReason",
    "ReportStatus",
    "Review",
    "ReviewReport",
    "ReviewRevision",
    "ReviewStatus",
]
