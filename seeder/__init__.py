"""BitTorrent distribution: torrent building, the seeding daemon and the tracker.

Imports no Django: the seeder and tracker run on other hosts from a manifest the site
serves."""
