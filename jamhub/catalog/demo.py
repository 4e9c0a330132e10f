"""Demo catalogue: five artists and ten albums of music synthesised here (ffmpeg),
under varied licences, imported through the real pipeline and published."""

import colorsys
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from jamhub.accounts.models import User
from jamhub.catalog.audio import synthesize
from jamhub.catalog.models import Album, Artist
from jamhub.catalog.services import albums as album_services
from jamhub.catalog.services.imports import import_album_folder

TRACK_SECONDS = 32  # past the 30 s after which a play counts


@dataclass(frozen=True)
class DemoAlbum:
    title: str
    licence: str
    tags: tuple[str, ...]
    base_hz: float
    tracks: tuple[str, ...]
    lossless: bool = True


@dataclass(frozen=True)
class DemoArtist:
    name: str
    owner: str  # email of a demo account
    location: str
    bio: str
    albums: tuple[DemoAlbum, ...]


DEMO_ARTISTS = (
    DemoArtist(
        "Les Ondes Douces",
        "bruno@jamhub.test",
        "Lyon",
        "Slow electronic music made with **oscillators** and patience.",
        (
            DemoAlbum(
                "Brume",
                "cc-by-sa-4.0",
                ("ambient", "electronic"),
                110,
                ("Matin", "Rivière", "Soir"),
            ),
            DemoAlbum(
                "Lumière lente",
                "cc-by-4.0",
                ("ambient",),
                130.8,
                ("Aube", "Midi", "Crépuscule", "Nuit"),
            ),
        ),
    ),
    DemoArtist(
        "Tin Can Orchestra",
        "alice@jamhub.test",
        "Bristol",
        "A band of tin cans, a borrowed synthesiser and a lot of enthusiasm.",
        (
            DemoAlbum(
                "Kitchen Sessions",
                "cc-by-nc-4.0",
                ("lo-fi", "experimental"),
                196,
                ("Kettle", "Cutlery Drawer", "Dishwasher Waltz"),
                lossless=False,
            ),
            DemoAlbum(
                "Garden Shed",
                "cc-by-nc-sa-4.0",
                ("lo-fi",),
                174.6,
                ("Rake", "Seed Packets", "Rain on the Roof"),
            ),
        ),
    ),
    DemoArtist(
        "Mira Okonkwo",
        "alice@jamhub.test",
        "Lagos",
        "Piano sketches recorded between two flights.",
        (
            DemoAlbum(
                "Departures",
                "cc-by-nd-4.0",
                ("piano", "classical"),
                261.6,
                ("Gate 12", "Boarding", "Cloud Layer"),
            ),
            DemoAlbum(
                "Arrivals",
                "cc0-1.0",
                ("piano",),
                293.7,
                ("Customs", "Taxi Rank", "Home"),
            ),
        ),
    ),
    DemoArtist(
        "Basse Fréquence",
        "bruno@jamhub.test",
        "Marseille",
        "Dub from the harbour.",
        (
            DemoAlbum(
                "Quai 7",
                "free-art-1.3",
                ("dub", "electronic"),
                55,
                ("Cargo", "Mistral", "Phare"),
                lossless=False,
            ),
            DemoAlbum(
                "Marée basse",
                "cc-by-sa-4.0",
                ("dub",),
                61.7,
                ("Sable", "Écume", "Horizon"),
            ),
        ),
    ),
    DemoArtist(
        "The Night Signals",
        "alice@jamhub.test",
        "Montréal",
        "Shortwave radio, drum machines and long winters.",
        (
            DemoAlbum(
                "Numbers Station",
                "cc-by-4.0",
                ("electronic", "experimental"),
                220,
                ("Five Five Five", "Callsign", "Static Bloom"),
            ),
            DemoAlbum(
                "Aurora Receiver",
                "cc-by-nc-nd-4.0",
                ("ambient",),
                246.9,
                ("Magnetosphere", "Solar Wind", "Quiet Band"),
            ),
        ),
    ),
)


def melody(base_hz: float, index: int) -> str:
    """An ffmpeg aevalsrc expression: a slowly pulsing chord, different per track."""
    ratios = [(1, 1.25, 1.5), (1, 1.2, 1.5), (1, 1.333, 1.682), (1, 1.125, 1.5)]
    a, b, c = (base_hz * r for r in ratios[index % len(ratios)])
    pulse = 0.5 + 0.25 * index
    return (
        f"(0.22*sin(2*PI*{a:.2f}*t)+0.16*sin(2*PI*{b:.2f}*t)+0.12*sin(2*PI*{c:.2f}*t))"
        f"*(0.6+0.4*sin(2*PI*{pulse:.2f}*t))*min(1,t/2)*min(1,({TRACK_SECONDS}-t)/2)"
    )


def cover_image(title: str, hue: float) -> bytes:
    """A 600 px gradient with the album's initials."""
    size = 600
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    for y in range(size):
        r, g, b = colorsys.hsv_to_rgb(hue, 0.55, 0.35 + 0.5 * y / size)
        draw.line([(0, y), (size, y)], fill=(int(r * 255), int(g * 255), int(b * 255)))
    initials = "".join(word[0] for word in title.split()[:2]).upper()
    draw.text((40, 460), initials, fill=(255, 255, 255), font_size=120)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load_demo_catalogue(*, log=print) -> list[Album]:  # type: ignore[no-untyped-def]
    """Create the demo artists and albums that are missing (idempotent)."""
    moderator = User.objects.get(email="moderator@jamhub.test")
    created = []
    for artist_number, spec in enumerate(DEMO_ARTISTS):
        owner = User.objects.get(email=spec.owner)
        artist = Artist.objects.filter(name=spec.name).first()
        if artist is None:
            artist = album_services.create_artist(
                name=spec.name, by=owner, bio=spec.bio, location=spec.location
            )
        if not artist.is_trusted:
            album_services.set_artist_trusted(artist, trusted=True, by=moderator)
        for album_number, album_spec in enumerate(spec.albums):
            if artist.albums.filter(title=album_spec.title).exists():
                continue
            log(f"  {spec.name} – {album_spec.title}")
            hue = (artist_number * 2 + album_number) / 10
            with tempfile.TemporaryDirectory(prefix="jamhub-demo-") as scratch:
                folder = Path(scratch) / album_spec.title
                folder.mkdir()
                suffix = ".flac" if album_spec.lossless else ".mp3"
                for index, title in enumerate(album_spec.tracks):
                    synthesize(
                        folder / f"{index + 1:02d} {title}{suffix}",
                        expression=melody(album_spec.base_hz, index),
                        seconds=TRACK_SECONDS,
                        tags={
                            "title": title,
                            "artist": spec.name,
                            "album": album_spec.title,
                        },
                    )
                (folder / "cover.png").write_bytes(cover_image(album_spec.title, hue))
                album, _refusals = import_album_folder(
                    folder,
                    artist_name=spec.name,
                    licence=album_spec.licence,
                    title=album_spec.title,
                    by=owner,
                )
            album.tags.add(*album_spec.tags)
            created.append(album)
    return created
