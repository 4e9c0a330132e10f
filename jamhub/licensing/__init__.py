"""Licences and attribution: a plain package, no models.

- licences: the licence table (CC 4.0 family, CC0, Free Art; CC 3.0 for imports) and
  look-ups, including reading a licence out of a deed or legal code URL.
- credits: TrackCredits and AlbumCredits, what the tags and album texts say.
- tags: write_tags / read_licence on MP3, Ogg Vorbis and FLAC (mutagen).
- texts: LICENSE.txt and README.txt for every album folder.
"""
