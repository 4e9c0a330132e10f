"""Bencoding (BEP 3): a small strict encoder and decoder.

The decoder rejects what BEP 3 forbids (leading zeros, "-0", unsorted or duplicate
dictionary keys, trailing bytes), so tests catch a sloppy encoder."""

from typing import TypeAlias

Bencodable: TypeAlias = (
    int | bytes | str | list["Bencodable"] | dict[bytes | str, "Bencodable"]
)


class BencodeError(ValueError):
    """The bytes are not one well-formed bencoded value."""


def bencode(value: Bencodable) -> bytes:
    parts: list[bytes] = []
    _encode(value, parts)
    return b"".join(parts)


def _encode(value: Bencodable, parts: list[bytes]) -> None:
    if isinstance(value, bool):
        raise TypeError("booleans have no bencoding")
    if isinstance(value, int):
        parts.append(b"i%de" % value)
    elif isinstance(value, bytes):
        parts.append(b"%d:%s" % (len(value), value))
    elif isinstance(value, str):
        _encode(value.encode(), parts)
    elif isinstance(value, list):
        parts.append(b"l")
        for item in value:
            _encode(item, parts)
        parts.append(b"e")
    elif isinstance(value, dict):
        parts.append(b"d")
        items = [(k.encode() if isinstance(k, str) else k, v) for k, v in value.items()]
        items.sort(key=lambda item: item[0])  # BEP 3: keys sorted as raw strings
        for key, item in items:
            parts.append(b"%d:%s" % (len(key), key))
            _encode(item, parts)
        parts.append(b"e")
    else:
        raise TypeError(f"cannot bencode {type(value).__name__}")


def bdecode(data: bytes) -> Bencodable:
    value, end = _decode(data, 0, depth=0)
    if end != len(data):
        raise BencodeError(f"trailing bytes at {end}")
    return value


_MAX_DEPTH = 64


def _decode(data: bytes, at: int, *, depth: int) -> tuple[Bencodable, int]:
    if depth > _MAX_DEPTH:
        raise BencodeError("nested too deeply")
    if at >= len(data):
        raise BencodeError("truncated")
    lead = data[at : at + 1]
    if lead == b"i":
        end = data.find(b"e", at)
        if end < 0:
            raise BencodeError("unterminated integer")
        digits = data[at + 1 : end]
        if not _is_canonical_integer(digits):
            raise BencodeError(f"bad integer {digits!r}")
        return int(digits), end + 1
    if lead.isdigit():
        return _decode_string(data, at)
    if lead == b"l":
        items: list[Bencodable] = []
        at += 1
        while data[at : at + 1] != b"e":
            item, at = _decode(data, at, depth=depth + 1)
            items.append(item)
        return items, at + 1
    if lead == b"d":
        result: dict[bytes | str, Bencodable] = {}
        at += 1
        previous: bytes | None = None
        while data[at : at + 1] != b"e":
            if not data[at : at + 1].isdigit():
                raise BencodeError("dictionary key is not a string")
            key, at = _decode_string(data, at)
            if previous is not None and key <= previous:
                raise BencodeError("dictionary keys unsorted or repeated")
            previous = key
            result[key], at = _decode(data, at, depth=depth + 1)
        return result, at + 1
    raise BencodeError(f"unexpected {lead!r} at {at}")


def _decode_string(data: bytes, at: int) -> tuple[bytes, int]:
    colon = data.find(b":", at)
    if colon < 0:
        raise BencodeError("unterminated string length")
    digits = data[at:colon]
    if not digits.isdigit() or (len(digits) > 1 and digits[0:1] == b"0"):
        raise BencodeError(f"bad string length {digits!r}")
    end = colon + 1 + int(digits)
    if end > len(data):
        raise BencodeError("truncated string")
    return data[colon + 1 : end], end


def _is_canonical_integer(digits: bytes) -> bool:
    body = digits[1:] if digits.startswith(b"-") else digits
    if not body.isdigit():
        return False
    if body.startswith(b"0") and (len(body) > 1 or digits.startswith(b"-")):
        return False
    return True
