"""JamHub's BitTorrent tracker: a lean asyncio HTTP service (BEP 3, 7, 23, 48).

It serves only the info-hashes on the allowed list (the site's published albums),
keeps swarms in memory or in Redis, and counts bytes and completions per passkey for
the site, which pulls them from /stats. No Django: run it with
`python -m seeder.tracker`."""
