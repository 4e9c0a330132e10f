"""Reviews, ratings and community tags.

Reviews: one per account and album (a database constraint), a rating from 1 to 5 with
optional Markdown text, every version kept in ReviewRevision. Review.status is
"visible", "hidden" (by a moderator, with a reason) or "held" (quarantined for the
moderators, e.g. by the charts' burst rule); Review.objects.visible() is what listeners
and the charts see. Writes go through services/reviews.py, which also enforce who may
do what and the per-account rate limits (services/ratelimit.py).

Community tags share taggit's Tag vocabulary with the tags artists give their albums
(Album.tags, through taggit.TaggedItem), but live in their own through model,
CommunityTagging, which records the tagger: a tag's weight on an album or track is its
number of distinct taggers. Tag pages show the two apart ("tagged by listeners", by
weight; "the artists tagged", newest first); the cloud counts both. A moderator's
rename or merge applies to the shared tag, so to both kinds of tagging; a ban removes
the listeners' taggings and refuses the tag to listeners from then on.

Favourites: a listener stars tracks, albums and artists (one Favourite row each,
unique per listener and object). Playlists are ordered PlaylistItems, private unless
the owner makes them public; only tracks of published albums reach the player and
the playlist's zip, which a worker builds (services/playlist_zips.py) with
LICENSES.txt crediting every track. Listening history (Listening) is written by the
play counter (catalog.services.events.record_play) for signed-in listeners who keep
it (ListeningPreference). Radios (services/radios.py) have no model: batches drawn
from a tag or an artist, weighted by review ratings, never repeating a track within
an hour for the same listener.
"""
