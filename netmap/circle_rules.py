"""What puts people in circles: the built-in vocabulary of labels, and the rules file (TOML).

The format is in :data:`RULES_TEMPLATE` (what `netmap rules edit` starts from) and README.md.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from netmap.errors import FormatError, NetmapError
from netmap.normalize import fold

if TYPE_CHECKING:
    from netmap.circles import RecordFacts
    from netmap.store import Store

__all__ = [
    "BUILTIN_CIRCLES",
    "META_KEY",
    "RULES_TEMPLATE",
    "RULE_KEYS",
    "Rule",
    "Rules",
    "circle_for_label",
    "circle_slug",
    "load_rules",
    "parse_rules",
    "rules_text",
    "save_rules",
]

META_KEY = "circle_rules"
RULE_KEYS = ("group", "organisation", "school", "email_domain", "title_keyword", "source")
_TOP_KEYS = ("circles", "aliases", "rule")
_SCHOOL_WORDS = frozenset(
    """ecole school university universite universitat universita universidad uni college
    lycee institut institute academy academie polytechnique polytechnic iut faculte faculty
    hochschule conservatoire insa""".split()
)

#: The circles netmap knows, in the order it lists them. Users may add their own.
BUILTIN_CIRCLES = ("family", "studies", "internship", "work", "friends", "other")

#: Labels (folded with :func:`netmap.normalize.fold`) that mean a built-in circle, in English
#: and French, with the words exports carry: Google's and Outlook's system groups, Apple's
#: ``_$!<Mother>!$_`` relation labels (folded, ``mother``).
_VOCABULARY = {
    "family": """family famille familie familia relatives parents parent mother father mom mum
        dad mama maman papa mere pere brother sister frere soeur sibling siblings child children
        son daughter fils fille enfant enfants spouse partner husband wife conjoint conjointe
        epoux epouse grandparents grandmother grandfather grand_mere grand_pere grandma grandpa
        mamie papi papy aunt uncle tante oncle cousin cousine cousins cousines godmother
        godfather marraine parrain""",
    "studies": """studies study school ecole etudes etude university universite uni fac
        faculte college lycee classmates classmate camarades promo campus alumni students
        etudiants""",
    "internship": "internship internships stage stages intern praktikum",
    "work": """work travail job boulot colleagues colleague collegues collegue coworkers
        coworker co_workers business professional pro office bureau manager assistant arbeit""",
    "friends": """friends friend amis ami amie amies copains copines potes buddies freunde
        amigos""",
    "other": "other others autre autres divers misc",
}
_LABELS = {
    word.replace("_", " "): circle
    for circle, words in _VOCABULARY.items()
    for word in words.split()
}

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

RULES_TEMPLATE = """\
# netmap circle rules (TOML; lines starting with # are comments). Save and quit to store them
# in the workspace: they apply at once and after every import, and never undo a hand tag.
#
# circles = ["climbing"]              # your own circles, besides family, studies,
#                                     # internship, work, friends and other
# [aliases]                           # labels that mean a circle (accents and case ignored)
# "Équipe R&D" = "internship"
#
# [[rule]]                            # rule 1
# circle = "internship"
# organisation = ["Acme Industries"]  # an organisation whose name has these words
#
# [[rule]]                            # rule 2
# circle = "studies"
# email_domain = "etu.esiv.example"   # this domain or its subdomains
#
# Other conditions: group (a group or label, whole), school (names, or true for any
# organisation named école, university, lycée...), title_keyword (words in a title or role),
# source (the imported file's name; * and ? allowed). A value is a text or a list of texts,
# any of which may match. A rule with several conditions needs them all on one record.
"""


def circle_for_label(label: str, aliases: dict[str, str] | None = None) -> str | None:
    """The circle a group or label means, or None.

    ``aliases`` (folded label -> circle, from the rules file) are looked up first.

    Examples
    --------
    >>> circle_for_label("Études"), circle_for_label("ETUDES"), circle_for_label("etudes")
    ('studies', 'studies', 'studies')
    >>> circle_for_label("_$!<Mother>!$_"), circle_for_label("* Coworkers")
    ('family', 'work')
    >>> circle_for_label("Équipe R&D") is None
    True
    >>> circle_for_label("Équipe R&D", {"equipe r d": "internship"})
    'internship'
    """
    key = _folded(label)
    if aliases and key in aliases:
        return aliases[key]
    return _LABELS.get(key)


def circle_slug(name: str) -> str:
    """The circle a name given by the user means: a built-in circle, or a lower-case slug.

    Raises
    ------
    NetmapError
        The name has no letter or digit, or is longer than 40 characters.

    Examples
    --------
    >>> circle_slug("Famille"), circle_slug("work"), circle_slug("Rock climbing")
    ('family', 'work', 'rock-climbing')
    """
    builtin = circle_for_label(name)
    if builtin:
        return builtin
    slug = fold(name).replace(" ", "-")
    if not _SLUG.match(slug):
        raise NetmapError(
            f"{name!r} is not a circle name",
            hint="use letters, digits and dashes (40 at most), e.g. climbing or book-club",
        )
    return slug


@functools.lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    """:func:`netmap.normalize.fold`, cached: the same labels and titles come back often."""
    return fold(text)


_SHOWN = {"email_domain": "email domain", "title_keyword": "title"}


def _hit(key: str, record: RecordFacts, values) -> str | None:
    """The text of ``record`` that meets the condition ``key = values``, or None."""
    if key == "group":
        return next((t for t, _ in record.labels if _folded(t) in values), None)
    if key == "email_domain":
        return next(
            (d for d in record.domains if any(d == v or d.endswith("." + v) for v in values)),
            None,
        )
    if key == "source":
        name = record.source.lower()
        return record.source if any(fnmatch.fnmatchcase(name, v) for v in values) else None
    texts = record.titles if key == "title_keyword" else record.organisations
    if values is True:  # school = true: any organisation whose name says it is a school
        return next((t for t in texts if _SCHOOL_WORDS & set(_folded(t).split())), None)
    return next((t for t in texts if any(f" {v} " in f" {_folded(t)} " for v in values)), None)


@dataclass(slots=True)
class Rule:
    """One ``[[rule]]``: a circle and its conditions (key, normalised values), numbered from 1."""

    number: int
    circle: str
    conditions: list[tuple[str, Any]]
    written: dict[str, Any] = field(default_factory=dict)

    def match(self, records: Iterable[RecordFacts]) -> str | None:
        """The evidence, in plain words, when one of ``records`` meets every condition."""
        for record in records:
            found = []
            for key, values in self.conditions:
                hit = _hit(key, record, values)
                if hit is None:
                    break
                found.append(f"{_SHOWN.get(key, key)} {hit!r}")
            else:
                return f"rule {self.number}: " + ", ".join(found)
        return None

    def describe(self) -> str:
        """The conditions as written, e.g. ``organisation: Acme Industries``."""
        parts = []
        for key, value in self.written.items():
            shown = "any school" if value is True else ", ".join(value)
            parts.append(f"{key}: {shown}")
        return "; ".join(parts)


@dataclass(slots=True)
class Rules:
    """A parsed rules file: rules, aliases (folded label -> circle; as written), own circles."""

    rules: list[Rule] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    alias_labels: dict[str, str] = field(default_factory=dict)
    circles: list[str] = field(default_factory=list)
    text: str = ""


# -- parsing -------------------------------------------------------------------------------

_RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")


def _key_line(text: str, key: str, rule: int | None = None) -> int | None:
    """The line of ``key`` (in the ``rule``-th ``[[rule]]`` when given), else of that header."""
    lines = text.splitlines()
    start, end = 0, len(lines)
    if rule is not None:
        headers = [i for i, line in enumerate(lines) if _RULE_HEADER.match(line)]
        if len(headers) < rule:
            return None
        start = headers[rule - 1]
        end = headers[rule] if len(headers) > rule else len(lines)
    pattern = re.compile(rf"^\s*(\[+\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\])")
    for i in range(start, end):
        if pattern.match(lines[i]):
            return i + 1
    return start + 1 if rule is not None else None


def _suggest(key: str, known: Iterable[str]) -> str:
    known = list(known)
    close = [k for k in known if k.startswith(key.lower())] or get_close_matches(key, known, n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def _texts(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return value
    return None


def parse_rules(text: str, name: str = "circles.toml") -> Rules:
    """Read and check a rules file.

    Parameters
    ----------
    text : str
        The TOML text.
    name : str
        The file name used in error messages.

    Raises
    ------
    FormatError
        Invalid TOML (with its line), an unknown key, a value of the wrong type, an unknown
        circle or a rule without conditions (with the rule's number, key and line).

    Examples
    --------
    >>> rules = parse_rules('[[rule]]\\ncircle = "work"\\norganisation = "Studio Lumen"\\n')
    >>> rules.rules[0].describe()
    'organisation: Studio Lumen'
    >>> try:
    ...     parse_rules('[[rule]]\\ncircle = "work"\\norganization = "Studio Lumen"\\n')
    ... except FormatError as exc:
    ...     print(exc.line, exc.message)
    3 rule 1: unknown key 'organization'
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = getattr(exc, "msg", None) or str(exc)
        line = getattr(exc, "lineno", None)
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        if line is None and found:
            line = int(found.group(1))
        if line is None and "end of document" in str(exc):
            line = max(1, len(text.splitlines()))
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", message)
        raise FormatError(f"not valid TOML: {message}", file=name, line=line) from None

    def fail(message: str, line: int | None, hint: str | None = None) -> FormatError:
        return FormatError(message, file=name, line=line, hint=hint)

    for key in data:
        if key not in _TOP_KEYS:
            raise fail(
                f"unknown key {key!r}",
                _key_line(text, key),
                _suggest(key, _TOP_KEYS) + "the file has circles = [...], [aliases] and [[rule]]",
            )
    declared = data.get("circles", [])
    if not isinstance(declared, list) or not all(isinstance(c, str) for c in declared):
        raise fail("circles must be a list of names", _key_line(text, "circles"))
    try:
        own = [circle_slug(c) for c in declared]
    except NetmapError as exc:
        raise fail(f"circles: {exc.message}", _key_line(text, "circles"), exc.hint) from None
    known = [*BUILTIN_CIRCLES, *(c for c in own if c not in BUILTIN_CIRCLES)]

    def circle(value: Any, where: str, line: int | None) -> str:
        if not isinstance(value, str):
            raise fail(f"{where}: the circle must be a text", line)
        try:
            slug = circle_slug(value)
        except NetmapError:
            slug = ""
        if slug not in known:
            raise fail(
                f"{where}: unknown circle {value!r}",
                line,
                f'use one of {", ".join(known)}, or declare it first: circles = ["{value}"]',
            )
        return slug

    aliases_table = data.get("aliases", {})
    if not isinstance(aliases_table, dict):
        raise fail("aliases must be a table: [aliases]", _key_line(text, "aliases"))
    aliases, alias_labels = {}, {}
    for label, target in aliases_table.items():
        line = _key_line(text, label)
        if not fold(label):
            raise fail(f"alias {label!r} has no letter or digit", line)
        aliases[fold(label)] = circle(target, f"alias {label!r}", line)
        alias_labels[fold(label)] = label

    tables = data.get("rule", [])
    if isinstance(tables, dict):
        raise fail("write each rule as [[rule]], not [rule]", _key_line(text, "rule"))
    if not isinstance(tables, list):
        raise fail("rule must be written [[rule]], one per rule", _key_line(text, "rule"))
    rules = []
    for number, table in enumerate(tables, start=1):
        if not isinstance(table, dict):
            raise fail(f"rule {number} is not a table", _key_line(text, "rule"))
        for key in table:
            if key != "circle" and key not in RULE_KEYS:
                raise fail(
                    f"rule {number}: unknown key {key!r}",
                    _key_line(text, key, number),
                    _suggest(key, ("circle", *RULE_KEYS))
                    + "a rule has circle and one or more of "
                    + ", ".join(RULE_KEYS),
                )
        if "circle" not in table:
            raise fail(f"rule {number}: no circle", _key_line(text, "rule", number))
        target = circle(table["circle"], f"rule {number}", _key_line(text, "circle", number))
        conditions, written = [], {}
        for key, value in table.items():
            if key == "circle":
                continue
            line = _key_line(text, key, number)
            if key == "school" and value is True:
                conditions.append((key, True))
                written[key] = True
                continue
            values = _texts(value)
            if values is None:
                kind = "a text, a list of texts or true" if key == "school" else "a text or a list"
                raise fail(f"rule {number}: {key} must be {kind} of texts", line)
            written[key] = values
            if key == "email_domain":
                normal = tuple(v.strip().lower().lstrip("@") for v in values)
            elif key == "source":
                normal = tuple(
                    v.strip().replace("\\", "/").rsplit("/", 1)[-1].lower() for v in values
                )
            else:
                normal = tuple(fold(v) for v in values)
            if not all(normal):
                raise fail(f"rule {number}: {key} has an empty value", line)
            conditions.append((key, frozenset(normal) if key == "group" else normal))
        if not conditions:
            raise fail(
                f"rule {number}: no condition, it would put everyone in {target!r}",
                _key_line(text, "rule", number),
                "add one of " + ", ".join(RULE_KEYS),
            )
        rules.append(Rule(number, target, conditions, written))
    return Rules(rules, aliases, alias_labels, own, text)


# -- the rules in the workspace ------------------------------------------------------------

_STORED = "circle rules"


def rules_text(store: Store) -> str | None:
    """The rules file kept in the workspace, or None when there is none."""
    return store.get_meta(META_KEY)


def load_rules(store: Store) -> Rules:
    """The workspace's rules, parsed (no rules when none were stored)."""
    text = rules_text(store)
    return parse_rules(text, _STORED) if text else Rules()


def save_rules(store: Store, text: str, name: str = "circles.toml") -> Rules:
    """Check a rules file and keep it in the workspace, replacing the previous one.

    Raises
    ------
    FormatError
        The file is invalid: nothing is stored.
    """
    rules = parse_rules(text, name)
    with store.write():
        store.set_meta(META_KEY, text)
    return rules
