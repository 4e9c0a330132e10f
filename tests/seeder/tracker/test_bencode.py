import pytest

from seeder.tracker.bencode import BencodeError, bdecode, bencode


def test_round_trip_sorts_keys():
    value = {"b": [1, -2, b"\x00\xff"], "a": {"x": 0}}

    data = bencode(value)

    assert data == b"d1:ad1:xi0ee1:bli1ei-2e2:\x00\xffee"
    assert bdecode(data) == {b"a": {b"x": 0}, b"b": [1, -2, b"\x00\xff"]}


@pytest.mark.parametrize(
    "data",
    [
        b"i01e",
        b"i-0e",
        b"ie",
        b"i1",
        b"03:abc",
        b"4:abc",
        b"d1:bi1e1:ai2ee",
        b"d1:ai1e1:ai2ee",
        b"di1ei2ee",
        b"l",
        b"i1ei2e",
        b"x",
        b"",
        b"l" * 100 + b"e" * 100,
    ],
)
def test_decoder_is_strict(data):
    with pytest.raises(BencodeError):
        bdecode(data)


def test_booleans_are_refused():
    with pytest.raises(TypeError):
        bencode(True)
