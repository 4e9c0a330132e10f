from jamhub.catalog.models.albums import Album, AlbumArchive, AlbumStatus
from jamhub.catalog.models.artists import Artist, ArtistMembership, MemberRole
from jamhub.catalog.models.events import DownloadEvent, TrackPlay
from jamhub.catalog.models.moderation import AlbumDecision, DecisionOutcome
from jamhub.catalog.models.torrents import (
    AlbumTorrent,
    Passkey,
    SeedingCredit,
    TorrentCompletion,
)
from jamhub.catalog.models.tracks import (
    Original,
    OriginalStatus,
    Rendition,
    RenditionFormat,
    Track,
)

__all__ = [
    "Album",
    "AlbumArchive",
    "AlbumDecision",
    "AlbumStatus",
    "AlbumTorrent",
    "Artist",
    "ArtistMembership",
    "DecisionOutcome",
    "DownloadEvent",
    "MemberRole",
    "Original",
    "OriginalStatus",
    "Passkey",
    "Rendition",
    "RenditionFormat",
    "SeedingCredit",
    "TorrentCompletion",
    "Track",
    "TrackPlay",
]
