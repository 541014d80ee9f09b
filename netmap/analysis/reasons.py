"""Why ask this person: one sentence in plain words for each introduction route."""

from __future__ import annotations

import re

from netmap.analysis.targets import _values

__all__: list[str] = []

_SAME = re.compile(r"^same (\w+): (.+)$")


def _plain(evidence: str) -> str:
    """An ego tie's evidence, short: ``closeness 4/5``, ``last contact 2024-03-12``."""
    first = (evidence or "").split(";")[0].strip()
    if first.startswith("default"):
        return ""
    first = first.split(", half-life")[0]
    return re.sub(r"^((?:closeness \S+|\d+ interactions)) in .*$", r"\1", first)


def _shared(evidence: str) -> str:
    """``same organisation: Acme`` as ``both at Acme``; the first (smallest) affiliation."""
    m = _SAME.match((evidence or "").split(";")[0].strip())
    if not m:
        return ""
    kind, label = m.groups()
    if kind in ("organisation", "school"):
        return f"both at {label}"
    if kind == "group":
        return f"both in your group '{label}'"
    if kind == "department":
        return "both in " + re.sub(r"^(.*) \((.*)\)$", r"\1 at \2", label)
    return f"same {kind}: {label}"


def _link(G, a, b) -> str:
    """One step of a chain, after its subject: ``knows Marc Petit (colleague; you said so)``."""
    data = G.edges[a, b]
    origin, kind = data.get("origin", ""), str(data.get("kind") or "")
    evidence, since = str(data.get("evidence") or ""), str(data.get("since") or "")
    shared, verb = _shared(evidence), "knows"
    if origin == "inferred":
        verb, details = "probably knows", [shared]
    elif origin == "declared":
        said = "you said so" if evidence in ("", "declared by you") else evidence
        details = [shared, "you confirmed it"] if shared else [kind, said]
    elif origin == "related":
        details = [kind, "in your address book"]
    else:
        details = [shared] if shared else [kind, evidence]
    if since:
        details.insert(1, f"since {since}")
    details = [d for d in details if d]
    text = f"{verb} {G.nodes[b].get('name', b)}"
    return text + (f" ({'; '.join(details)})" if details else "")


def _reason(G, ego, path, kind: str, label: str) -> str:
    """One sentence a student understands for one route."""
    via = path[1]
    about = [", ".join(_values(G.nodes[via].get("circles")))]
    if G.has_edge(ego, via):
        about.append(_plain(str(G.edges[ego, via].get("evidence") or "")))
    about = "; ".join(a for a in about if a)
    name = G.nodes[via].get("name", via)
    if len(path) == 2:
        text = f"You know {name} directly" + (f" ({about})" if about else "")
    else:
        links = [_link(G, path[i], path[i + 1]) for i in range(1, len(path) - 1)]
        chain = f"{name} {links[0]}" + "".join(f", who {x}" for x in links[1:])
        text = f"Ask {name}" + (f" ({about})" if about else "") + ": " + chain
    reached = G.nodes[path[-1]].get("name", path[-1])
    if kind == "organisation":
        orgs = [o for o in _values(G.nodes[path[-1]].get("organisations")) if o in label]
        if orgs and orgs[0] not in text:
            text += f"; {reached} is at {orgs[0]}"
    elif kind == "circle":
        text += f"; {reached} is in your {label} circle"
    elif kind == "keyword":
        text += f"; {reached} matches '{label}'"
    return text + "."
