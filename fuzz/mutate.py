"""A seeded, vCard- and CSV-aware mutator: input ``i`` of seed ``s`` is always the same bytes."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fuzz.seeds import Seed
from fuzz.tokens import COMMON_TOKENS, CSV_TOKENS, VCARD_TOKENS

__all__ = ["OPERATIONS", "Mutant", "Mutator"]

_INTERESTING = (0, 1, 9, 10, 13, 32, 34, 44, 58, 59, 61, 92, 127, 128, 192, 237, 254, 255)
_LINE = re.compile(rb"[^\r\n]*(?:\r\r\n|\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True)
class Mutant:
    """One fuzz input: its bytes, the importer it is meant for, and how it was made."""

    data: bytes
    kind: str  # "vcard" or "csv": the file is named .vcf or .csv
    recipe: str  # the seed and the operations, for messages


class _Ctx:
    """What an operation may use besides the bytes: the random source, kind, seeds, size cap."""

    def __init__(self, rng: random.Random, kind: str, seeds: Sequence[Seed], cap: int) -> None:
        self.rng = rng
        self.kind = kind
        self.seeds = seeds
        self.cap = cap

    def token(self) -> bytes:
        own = VCARD_TOKENS if self.kind == "vcard" else CSV_TOKENS
        pool = own if self.rng.random() < 0.7 else COMMON_TOKENS
        return self.rng.choice(pool)

    def pos(self, data: bytes) -> int:
        return self.rng.randint(0, len(data))

    def span(self, data: bytes, most: int = 256) -> tuple[int, int]:
        start = self.rng.randint(0, max(len(data) - 1, 0))
        return start, min(len(data), start + self.rng.randint(1, most))


def _lines(data: bytes) -> list[bytes]:
    return _LINE.findall(data)


def _eol(data: bytes) -> bytes:
    return b"\r\n" if b"\r\n" in data[:4096] else b"\n"


# ---------------------------------------------------------------------- byte-level operations
def flip_bit(data: bytes, c: _Ctx) -> bytes:
    if not data:
        return data
    i = c.rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << c.rng.randrange(8))]) + data[i + 1 :]


def set_byte(data: bytes, c: _Ctx) -> bytes:
    if not data:
        return bytes([c.rng.choice(_INTERESTING)])
    i = c.rng.randrange(len(data))
    return data[:i] + bytes([c.rng.choice(_INTERESTING)]) + data[i + 1 :]


def delete_chunk(data: bytes, c: _Ctx) -> bytes:
    a, b = c.span(data, 512)
    return data[:a] + data[b:]


def insert_random(data: bytes, c: _Ctx) -> bytes:
    i = c.pos(data)
    return data[:i] + c.rng.randbytes(c.rng.randint(1, 32)) + data[i:]


def duplicate_chunk(data: bytes, c: _Ctx) -> bytes:
    a, b = c.span(data, 2048)
    i = c.pos(data)
    return data[:i] + data[a:b] + data[i:]


def repeat_chunk(data: bytes, c: _Ctx) -> bytes:
    """A chunk repeated many times in place: long runs of anything."""
    a, b = c.span(data, 64)
    if a == b:
        return data
    times = c.rng.choice((2, 10, 100, 1000, 10000))
    times = max(1, min(times, c.cap // max(b - a, 1)))
    return data[:a] + data[a:b] * times + data[b:]


def truncate(data: bytes, c: _Ctx) -> bytes:
    return data[: c.pos(data)]


def insert_token(data: bytes, c: _Ctx) -> bytes:
    i = c.pos(data)
    return data[:i] + c.token() + data[i:]


def insert_token_at_line(data: bytes, c: _Ctx) -> bytes:
    """A token at the start of a line, where property names and header cells begin."""
    lines = _lines(data)
    if not lines:
        return c.token()
    i = c.rng.randrange(len(lines))
    lines[i] = c.token() + lines[i]
    return b"".join(lines)


def replace_token(data: bytes, c: _Ctx) -> bytes:
    """One occurrence of a known token replaced by another."""
    own = VCARD_TOKENS if c.kind == "vcard" else CSV_TOKENS
    present = [t for t in own if len(t) > 1 and t in data]
    if not present:
        return insert_token(data, c)
    old = c.rng.choice(present)
    starts = [m.start() for m in re.finditer(re.escape(old), data)]
    i = c.rng.choice(starts)
    return data[:i] + c.token() + data[i + len(old) :]


def invalid_utf8(data: bytes, c: _Ctx) -> bytes:
    i = c.pos(data)
    bad = c.rng.choice(
        (b"\xc3", b"\xff", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80\x80")
    )
    return data[:i] + bad + data[i:]


def splice(data: bytes, c: _Ctx) -> bytes:
    """The head of this input and the tail of another seed (of either kind)."""
    other = c.rng.choice(c.seeds).data
    return data[: c.pos(data)] + other[c.rng.randint(0, len(other)) :]


def insert_seed_chunk(data: bytes, c: _Ctx) -> bytes:
    other = c.rng.choice(c.seeds).data
    a, b = c.span(other, 4096)
    i = c.pos(data)
    return data[:i] + other[a:b] + data[i:]


# ---------------------------------------------------------------------- line-level operations
def shuffle_lines(data: bytes, c: _Ctx) -> bytes:
    lines = _lines(data)
    if len(lines) < 2:
        return data
    op = c.rng.randrange(3)
    i, j = c.rng.randrange(len(lines)), c.rng.randrange(len(lines))
    if op == 0:
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 1:
        lines.insert(j, lines[i])
    else:
        del lines[i]
    return b"".join(lines)


def line_endings(data: bytes, c: _Ctx) -> bytes:
    """Every line end, or one in ten, turned into LF, CR, CRLF or CR CR LF."""
    new = c.rng.choice((b"\n", b"\r", b"\r\n", b"\r\r\n"))
    every = c.rng.random() < 0.5
    out = []
    for line in _lines(data):
        body = line.rstrip(b"\r\n")
        if body != line and (every or c.rng.random() < 0.1):
            line = body + new
        out.append(line)
    return b"".join(out)


def fold_line(data: bytes, c: _Ctx) -> bytes:
    """A vCard continuation (CRLF + space or tab) inserted, maybe inside a UTF-8 sequence."""
    i = c.pos(data)
    return data[:i] + c.rng.choice((b"\r\n ", b"\r\n\t", b"\n ", b"\r ")) + data[i:]


def long_line(data: bytes, c: _Ctx) -> bytes:
    """A line made 10 KB to 1 MB long, by repeating its value or a filler."""
    lines = _lines(data) or [b""]
    i = c.rng.randrange(len(lines))
    line = lines[i]
    body = line.rstrip(b"\r\n")
    end = line[len(body) :]
    size = min(c.rng.choice((10_000, 100_000, 1_000_000)), c.cap)
    filler = body[body.find(b":") + 1 :] or b"x"
    if c.rng.random() < 0.3:
        filler = c.rng.choice((b"A", b"=41", b"\\,", b";", b",", b'"', b"\xc3\xa9", b" "))
    lines[i] = body + filler * max(1, size // len(filler)) + end
    return b"".join(lines)


def many_params(data: bytes, c: _Ctx) -> bytes:
    """A huge parameter list on a vCard line, or a huge number of cells in a CSV row."""
    lines = _lines(data) or [b""]
    i = c.rng.randrange(len(lines))
    n = c.rng.choice((100, 1000, 10_000, 50_000))
    if c.kind == "vcard":
        param = c.rng.choice((b";TYPE=X", b";X", b";", b";TYPE=a,b", b';X="', b";CHARSET=UTF-8"))
        line = lines[i]
        colon = line.find(b":")
        colon = colon if colon >= 0 else len(line.rstrip(b"\r\n"))
        lines[i] = line[:colon] + param * n + line[colon:]
    else:
        cell = c.rng.choice((b",x", b",", b";", b"\t", b',""', b",Name", b",E-mail", b""))
        cells = cell * n if cell else b"".join(b",c%d" % k for k in range(n))  # distinct names
        body = lines[i].rstrip(b"\r\n")
        lines[i] = body + cells + lines[i][len(body) :]
    return b"".join(lines)


def deep_nesting(data: bytes, c: _Ctx) -> bytes:
    """Cards opened inside cards (vCard 2.1 AGENT), maybe never closed."""
    n = c.rng.choice((2, 10, 100, 1000, 5000))
    eol = _eol(data)
    opened = (b"BEGIN:VCARD" + eol + b"FN:x" + eol) * n
    closed = (b"END:VCARD" + eol) * (n if c.rng.random() < 0.7 else c.rng.randint(0, n))
    if c.rng.random() < 0.3:
        opened = (b"AGENT:BEGIN:VCARD" + eol) * n
    i = c.pos(data)
    return data[:i] + opened + closed + data[i:]


def many_records(data: bytes, c: _Ctx) -> bytes:
    """The records (cards or rows after the header) repeated up to the size cap."""
    size = min(c.rng.choice((50_000, 200_000, 1_000_000)), c.cap)
    if c.kind == "csv":
        lines = _lines(data)
        head = b"".join(lines[:1])
        body = b"".join(lines[1:]) or b"x\n"
    else:
        head, body = b"", data or b"BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n"
    return head + body * max(1, (size - len(head)) // len(body))


def quoted_printable(data: bytes, c: _Ctx) -> bytes:
    """A vCard line's value rewritten in quoted-printable, with soft line breaks."""
    lines = _lines(data)
    cand = [i for i, line in enumerate(lines) if b":" in line]
    if not cand:
        return insert_token(data, c)
    i = c.rng.choice(cand)
    line = lines[i]
    body = line.rstrip(b"\r\n")
    head, _, value = body.partition(b":")
    qp = b"".join(b"=%02X" % byte for byte in value)
    step = c.rng.choice((3, 10, 75))
    qp = b"=\r\n".join(qp[j : j + step] for j in range(0, len(qp), step))
    charset = c.rng.choice((b"", b";CHARSET=UTF-8", b";CHARSET=ISO-8859-1", b";CHARSET=bogus"))
    lines[i] = head + b";ENCODING=QUOTED-PRINTABLE" + charset + b":" + qp + line[len(body) :]
    return b"".join(lines)


def csv_quotes(data: bytes, c: _Ctx) -> bytes:
    """A quote opened, closed or doubled at a cell boundary."""
    cuts = [m.start() for m in re.finditer(rb"[,;\t\r\n]", data[:65536])]
    i = c.rng.choice(cuts) + 1 if cuts else c.pos(data)
    return data[:i] + c.rng.choice((b'"', b'""', b'"""', b'" ', b' "', b'"x"y')) + data[i:]


def delimiter(data: bytes, c: _Ctx) -> bytes:
    """Every comma, semicolon or tab turned into another, in the whole file or one line."""
    old, new = c.rng.sample([b",", b";", b"\t", b"|"], 2)
    if c.rng.random() < 0.5:
        return data.replace(old, new)
    lines = _lines(data)
    if not lines:
        return data
    i = c.rng.randrange(len(lines))
    lines[i] = lines[i].replace(old, new)
    return b"".join(lines)


def reencode(data: bytes, c: _Ctx) -> bytes:
    """The text re-encoded as UTF-16 or UTF-32 (with or without BOM), latin-1 or Shift_JIS."""
    text = data.decode("utf-8", errors="replace")
    codec = c.rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "shift_jis"))
    return text.encode(codec, errors="replace")


def bom(data: bytes, c: _Ctx) -> bytes:
    marks = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
    return c.rng.choice(marks) + (data if c.rng.random() < 0.8 else data[3:])


OPERATIONS: dict[str, Callable[[bytes, _Ctx], bytes]] = {
    f.__name__: f
    for f in (
        flip_bit,
        set_byte,
        delete_chunk,
        insert_random,
        duplicate_chunk,
        repeat_chunk,
        truncate,
        insert_token,
        insert_token_at_line,
        replace_token,
        invalid_utf8,
        splice,
        insert_seed_chunk,
        shuffle_lines,
        line_endings,
        fold_line,
        long_line,
        many_params,
        deep_nesting,
        many_records,
        quoted_printable,
        csv_quotes,
        delimiter,
        reencode,
        bom,
    )
}

# How often each operation is drawn: the cheap local ones most, the size-changing ones rarely
# (they make large inputs, which take most of the time).
_WEIGHTS = {
    "flip_bit": 8,
    "set_byte": 8,
    "delete_chunk": 6,
    "insert_random": 4,
    "duplicate_chunk": 5,
    "repeat_chunk": 2,
    "truncate": 2,
    "insert_token": 12,
    "insert_token_at_line": 12,
    "replace_token": 8,
    "invalid_utf8": 3,
    "splice": 3,
    "insert_seed_chunk": 3,
    "shuffle_lines": 6,
    "line_endings": 2,
    "fold_line": 4,
    "long_line": 1,
    "many_params": 1,
    "deep_nesting": 1,
    "many_records": 1,
    "quoted_printable": 2,
    "csv_quotes": 4,
    "delimiter": 2,
    "reencode": 1,
    "bom": 1,
}
_VCARD_ONLY = {"quoted_printable", "fold_line"}
_CSV_ONLY = {"csv_quotes", "delimiter"}


class Mutator:
    """Makes fuzz inputs from seeds: input ``i`` depends only on ``seed``, ``i`` and the seeds.

    Each input is one seed put through one to eight operations (bit and byte flips, chunk
    deletes, inserts and repeats, splices with other seeds, vCard and CSV tokens, line
    shuffles and endings, folds, long lines, huge parameter lists and rows, deep nesting,
    quoted-printable, re-encoding and BOMs), cut to ``max_size`` bytes.

    Parameters
    ----------
    seeds : sequence of Seed
        The files to start from (see :func:`fuzz.seeds.find_seeds`).
    seed : int
        The run's seed.
    max_size : int
        No input is longer.

    Examples
    --------
    >>> from fuzz.seeds import Seed
    >>> card = Seed("a.vcf", "vcard", b"BEGIN:VCARD\\r\\nFN:Ada\\r\\nEND:VCARD\\r\\n")
    >>> m = Mutator([card], seed=1)
    >>> m.mutant(7) == Mutator([card], seed=1).mutant(7)
    True
    >>> m.mutant(7).kind
    'vcard'
    """

    def __init__(self, seeds: Sequence[Seed], *, seed: int = 0, max_size: int = 1 << 20) -> None:
        if not seeds:
            raise ValueError("no seed files")
        self.seeds = list(seeds)
        self.seed = seed
        self.max_size = max_size

    def mutant(self, i: int) -> Mutant:
        """The ``i``-th input of this run."""
        rng = random.Random(f"{self.seed}:{i}")
        base = rng.choice(self.seeds)
        kind = base.kind
        if rng.random() < 0.02:  # now and then, a file given to the other importer
            kind = "csv" if kind == "vcard" else "vcard"
        ctx = _Ctx(rng, kind, self.seeds, self.max_size)
        skip = _CSV_ONLY if kind == "vcard" else _VCARD_ONLY
        names = [n for n in OPERATIONS if n not in skip]
        weights = [_WEIGHTS[n] for n in names]
        data = base.data
        done = []
        steps = 1
        while steps < 8 and rng.random() < 0.5:
            steps += 1
        for _ in range(steps):
            name = rng.choices(names, weights)[0]
            data = OPERATIONS[name](data, ctx)[: self.max_size]
            done.append(name)
        return Mutant(data, kind, f"{base.name} + {', '.join(done)}")
