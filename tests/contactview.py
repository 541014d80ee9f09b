"""Contacts as comparable values, for round-trip tests of the contact exports."""

from __future__ import annotations

import re
from collections import Counter

from netmap.circles import person_circles
from netmap.normalize import email_key, phone_key
from netmap.people import contacts
from netmap.report import frame_rows
from netmap.ties import list_ties

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Text as the exports write it: C0 controls (but TAB, LF, CR) and DEL removed."""
    return _CONTROL.sub("", text)


def norm_name(name: str) -> str:
    """A name as both exports give it back: controls removed, whitespace runs one space."""
    return " ".join(clean(name).split())


def view(store) -> tuple[Counter, set]:
    """People as comparable values (a multiset), and ties between them (declared or related).

    A person is ``(key, emails, phones, organisations, circles)``: emails and phones as
    their matching keys, ``key`` the name as exports give it back, or ``~`` and an
    identifier for a person whose name was made up from one.
    """
    keys: dict[str, str] = {}
    people: Counter = Counter()
    circles = person_circles(store)
    for row in frame_rows(contacts(store)):
        emails = frozenset(email_key(e) or e for e in row["emails"])
        phones = frozenset(phone_key(p) or p for p in row["phones"])
        named = email_key(row["name"]) not in emails and phone_key(row["name"]) not in phones
        key = norm_name(row["name"]) if named else "~" + min(emails | phones)
        keys[row["id"]] = key
        orgs = frozenset(clean(o).strip() for o in row["organisations"])
        people[(key, emails, phones, orgs, frozenset(circles[row["id"]]))] += 1
    ties = set()
    for t in frame_rows(list_ties(store)):
        pair = frozenset((keys[t["person_a"]], keys[t["person_b"]]))
        for kind in (t["kind"] or "related").split("; "):
            ties.add((pair, kind.lower()))
    return people, ties
