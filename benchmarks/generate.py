"""Write large, seeded, realistic vCard and Google CSV files for netmap's import benchmark.

Every person is fictitious: common French and European given names with common or made-up
French-sounding surnames, e-mail addresses on reserved example domains, phone numbers from
ranges kept for fiction (the six ARCEP blocks first, then Ofcom's drama numbers, then the
North American 555-01XX numbers: 144,200 numbers before any repeats). About 5% of the cards
are the same person again, written differently, so that identity matching has work::

    python benchmarks/generate.py vcard 100000 /tmp/bench-100000.vcf
    python benchmarks/generate.py google 100000 /tmp/bench-100000.csv --seed 1
"""

from __future__ import annotations

import argparse
import base64
import csv
import random
import sys
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = [
    "PHONE_POOL",
    "VERSION",
    "BenchPerson",
    "fiction_phone",
    "main",
    "people",
    "write_google_csv",
    "write_vcards",
]


VERSION = 2
"""Bumped whenever the generated files change, so that kept benchmark files are not reused."""


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.replace("\n", ",").split(",") if item.strip())


GIVEN = _items(
    """
    Léa, Chloé, Manon, Inès, Emma, Jade, Louise, Zoé, Sarah, Juliette, Clara, Anaïs, Mathilde,
    Pauline, Lucie, Élodie, Margaux, Océane, Héloïse, Noémie, Julie, Laura, Amélie, Justine,
    Maëlle, Agathe, Alice, Eva, Lina, Nina, Salomé, Yasmine, Nadia, Amina, Giulia, Sofia, Elena,
    Lucía, Ioana, Ingrid, Niamh, Katarzyna, Marion, Aurélie, Émilie, Romane, Capucine, Lou, Anne,
    Sophie, Isabelle, Nathalie, Valérie, Sandrine, Céline, Claire, Camille, Charlotte, Hélène,
    Martine, Monique, Françoise, Catherine, Christine, Sylvie, Véronique, Marie, Jeanne, Elise,
    Lucas, Théo, Nathan, Louis, Jules, Maxime, Antoine, Alexandre, Nicolas, Romain, Quentin,
    Clément, Baptiste, Mathieu, Pierre, Adrien, Guillaume, Kevin, Benjamin, Arthur, Raphaël,
    Gabriel, Léo, Enzo, Valentin, Florian, Simon, Victor, Loïc, Jérôme, Cédric, Sébastien,
    François, Mehdi, Sofiane, Rayan, Yanis, Marco, Lukas, Jonas, Pablo, Miguel, Piotr, Andrei,
    Sven, Seán, Tristan, Bastien, Gaëtan, Aurélien, Philippe, Olivier, Laurent, Stéphane, Éric,
    Thierry, Patrick, Christophe, Frédéric, David, Julien, Thomas, Marc, Paul, Hugo, Karim,
    Mohamed, Youssef, Bilal, Ibrahim, Moussa, Hamza, Wei, Minh, Kenji, Ana, João, Matteo, Luca,
    Jean-Pierre, Jean-Marc, Jean-Luc, Jean-Baptiste, Jean-François, Pierre-Louis, Paul-Henri,
    Louis-Marie, Marie-Claire, Marie-Hélène, Marie-Laure, Marie-Christine, Anne-Sophie,
    Anne-Laure, Anne-Marie, Marie-Anne, Marie-Pierre, Jean-Michel, Jean-Claude, Jean-Paul,
    """
)
FAMILY = _items(
    """
    Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon,
    Michel, Lefèvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont,
    Lambert, Fontaine, Rousseau, Vincent, Muller, Lefebvre, Faure, André, Mercier, Blanc, Guérin,
    Boyer, Garnier, Chevalier, François, Legrand, Gauthier, Garcia, Perrin, Robin, Clément,
    Morin, Nicolas, Henry, Roussel, Mathieu, Gautier, Masson, Marchand, Duval, Denis, Dumont,
    Marie, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, Blanchard, Giraud, Joly, Rivière, Lucas,
    Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard, Roche, Renard, Schmitt, Roy, Leroux,
    Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine, Renaud, Dumas, Lacroix, Olivier,
    Philippe, Bourgeois, Pierre, Benoît, Rey, Leclerc, Payet, Rolland, Leclercq, Guillaume,
    Lecomte, Lopez, Jean, Dupuy, Guillot, Hubert, Berger, Carpentier, Sanchez, Dupuis, Moulin,
    Louis, Deschamps, Huet, Vasseur, Perez, Boucher, Fleury, Royer, Klein, Jacquet, Adam, Paris,
    Poirier, Marty, Aubry, Guyot, Carré, Charles, Renault, Charpentier, Ménard, Maillard, Baron,
    Bertin, Bailly, Hervé, Schneider, Fernandez, Le Gall, Collet, Léger, Bouvier, Julien,
    Prévost, Millet, Perrot, Daniel, Le Roux, Cousin, Germain, Breton, Besson, Langlois, Rémy,
    Le Goff, Pelletier, Lévêque, Perrier, Leblanc, Barré, Lebrun, Marchal, Weber, Mallet, Hamon,
    Boulanger, Jacob, Monnier, Michaud, Rodriguez, Guichard, Gillet, Étienne, Grondin, Poulain,
    Tessier, Chevallier, Collin, Chauvin, Da Silva, Bouchet, Gay, Lemaître, Bénard, Maréchal,
    Humbert, Reynaud, Antoine, Hoarau, Perret, Barthélemy, Cordier, Pichon, Lejeune, Gilbert,
    Lamy, Delaunay, Pasquier, Carlier, Laporte, Rossi, Bianchi, Fernández, Schmidt, Nowak,
    Kowalski, Popescu, Jansen, De Vries, Santos, Ferreira, O'Brien, Nguyen, Haddad, Diallo,
    Traoré, Mansouri, Benali, Cohen, Wang, Tran, Yilmaz, Kaya, Novak, Horváth, Papadopoulos,
    """
)
# Real surnames are a long tail: the common ones above are only a tenth of the people; the
# others get a made-up French-sounding surname (root + joint + ending, about 30,000 of them),
# so that two different people rarely share a full name, as in a real address book.
ROOTS = _items(
    """
    Beau, Bel, Bon, Bour, Bri, Brun, Cha, Chap, Cham, Char, Chau, Clav, Cour, Dela, Des, Dou, Du,
    Fau, Fer, Fon, Four, Gal, Gar, Gau, Gir, Gran, Grav, Hau, Jour, La, Lam, Lan, Lav, Le, Mal,
    Mar, Mas, Mau, Mer, Mon, Mor, Mou, Pel, Per, Pey, Pla, Pon, Pou, Ram, Ren, Rib, Roch, Rou,
    Sau, Ser, Tal, Tes, Thi, Tou, Tré, Val, Vau, Ver, Vig, Vil, Bar, Bes, Cas, Cor, Dau, Don,
    Ga, Jol, Lou, Ma, Mi, No, Pa, Po, Ri, Ro, Sa, Ta, Ba, Be, Bo, Ca, Co, De, Fa, Fo, Ge, Go,
    """
)
JOINTS = ("", "n", "r", "t", "l")
ENDINGS = _items(
    """
    ard, aud, ault, eau, el, elle, ens, et, ette, eux, ier, ière, in, ine, on, ot, oux, and,
    ant, as, at, é, ès, ey, ieu, illon, inet, ois, oy, uc, ude, y, ac, ade, ais, al, ange, eil,
    erie, ès, euil, ieux, ignac, illac, iol, isse, ois, olle, ouin, oux, ueil, ut, ville, court,
    mont, champ, val, bois, fort, lac,
    """
)
COMPANIES = _items(
    """
    Acme Industries, Globex France, Initech Lyon, Vandelay Import-Export, Cyberdyne Systèmes,
    Massive Dynamic, Dunder Mifflin Paris, Wonka & Fils, Tyrell Conseil, Studio Lumen,
    Umbrella Santé, Soylent Agro, Stark Ingénierie, Wayne Logistique, Oscorp Chimie,
    Hooli Europe, Pied Piper SAS, Duff Brasseries, Monsters & Cie, Nakatomi Trading,
    Gringotts Banque, Ollivander Bois, Sterling Cooper Paris, Prestige Worldwide, Bluth Immobilier,
    """
)
DEPARTMENTS = _items(
    """
    R&D, Data & Analytics, Achats, Qualité, Ressources humaines, Finance, Direction technique,
    Production, Ventes, Marketing, Juridique, Support client, Logistique, Informatique,
    """
)
TITLES = _items(
    """
    Ingénieur data, Cheffe de projet, Développeur, Responsable qualité, Acheteuse, Comptable,
    Chargé de recrutement, Contrôleuse de gestion, Technicien, Directrice commerciale, Stagiaire,
    Consultant, Architecte logiciel, Juriste, Assistante de direction, Responsable logistique,
    Chef de produit, Analyste financier, Designer, Product owner, Infirmière, Professeur,
    """
)
CITIES = (
    ("Lyon", "69003"), ("Paris", "75011"), ("Marseille", "13006"), ("Toulouse", "31000"),
    ("Nantes", "44000"), ("Lille", "59000"), ("Bordeaux", "33000"), ("Grenoble", "38000"),
    ("Rennes", "35000"), ("Strasbourg", "67000"), ("Dijon", "21000"), ("Annecy", "74000"),
)  # fmt: skip
STREETS = _items(
    """
    rue des Lilas, avenue des Tilleuls, rue du Moulin, place des Marronniers, chemin des Vignes,
    rue de la Fontaine, boulevard des Platanes, impasse des Roses, allée des Forges,
    rue de la Gare, rue Victor Hugo, avenue Jean Jaurès, rue Pasteur, quai des Brumes,
    """
)
LABELS = _items(
    """
    Famille, Family, Amis, Friends, Travail, Work, Stage, Études, Sport, Voisins, Clients,
    Fournisseurs, Association, VIP,
    """
)
NOTES = (
    "Rencontré au salon professionnel de Lyon, intéressé par une démonstration du produit",
    "Préfère être contacté par e-mail le matin; en congés en août",
    "Ancien collègue, maintenant chez un concurrent; envoyer les vœux en janvier",
    "A recommandé le cabinet; penser à le remercier après la signature du contrat",
    "Présidente de l'association des parents d'élèves, réunion le premier mardi du mois",
    "Vu au mariage de Julie\nNuméro de la maison dans la note précédente",
)
PERSONAL_DOMAINS = (
    "example.org", "example.com", "example.net", "mail.example.org", "post.example.net",
    "courriel.example.org", "inbox.example.com",
)  # fmt: skip
GOOGLE_HEADER = _items(
    """
    First Name, Middle Name, Last Name, Phonetic First Name, Phonetic Middle Name,
    Phonetic Last Name, Name Prefix, Name Suffix, Nickname, File As, Organization Name,
    Organization Title, Organization Department, Birthday, Notes, Photo, Labels,
    E-mail 1 - Label, E-mail 1 - Value, E-mail 2 - Label, E-mail 2 - Value, Phone 1 - Label,
    Phone 1 - Value, Phone 2 - Label, Phone 2 - Value, Phone 3 - Label, Phone 3 - Value,
    Address 1 - Label, Address 1 - Formatted, Address 1 - Street, Address 1 - City,
    Address 1 - PO Box, Address 1 - Region, Address 1 - Postal Code, Address 1 - Country,
    Address 1 - Extended Address, Website 1 - Label, Website 1 - Value,
    """
)

# Phone numbers kept for fiction, in the order they are handed out.
FR_BLOCKS = ("019900", "026191", "035301", "046571", "053649", "063998")  # ARCEP, 10,000 each
UK_BLOCKS = (  # Ofcom's drama numbers, 1,000 each: (prefix written, national digits prefix)
    ("07700 900", "07700900"), ("020 7946 0", "02079460"), ("0113 496 0", "01134960"),
    ("0114 496 0", "01144960"), ("0115 496 0", "01154960"), ("0116 496 0", "01164960"),
    ("0117 496 0", "01174960"), ("0118 496 0", "01184960"), ("0121 496 0", "01214960"),
    ("0131 496 0", "01314960"), ("0141 496 0", "01414960"), ("0151 496 0", "01514960"),
    ("0161 496 0", "01614960"),
)  # fmt: skip
# North American area codes NXX without the N11 service codes: 555-0100 to 555-0199 in each.
NANP_AREAS = tuple(
    f"{a}{b}{c}" for a in range(2, 10) for b in range(0, 9) for c in range(10) if (b, c) != (1, 1)
)
PHONE_POOL = 10_000 * len(FR_BLOCKS) + 1_000 * len(UK_BLOCKS) + 100 * len(NANP_AREAS)
"""How many distinct fictitious phone numbers :func:`fiction_phone` can write."""


def fiction_phone(index: int, style: int = 0) -> str:
    """The ``index``-th fictitious phone number, written in one of a few usual styles.

    Numbers repeat after :data:`PHONE_POOL`. French numbers come first, then British, then
    North American ones.

    Parameters
    ----------
    index : int
        Which number.
    style : int
        0 national (``06 39 98 00 12``), 1 international (``+33 6 39 98 00 12``),
        2 compact (``+33639980012``).

    Examples
    --------
    >>> fiction_phone(50_012), fiction_phone(50_012, 1), fiction_phone(50_012, 2)
    ('06 39 98 00 12', '+33 6 39 98 00 12', '+33639980012')
    >>> fiction_phone(60_005), fiction_phone(60_005, 1)
    ('07700 900005', '+44 7700 900005')
    >>> fiction_phone(73_000), fiction_phone(73_000, 1)
    ('(200) 555-0100', '+1 200-555-0100')
    """
    index %= PHONE_POOL
    if index < 60_000:
        block, n = divmod(index, 10_000)
        digits = FR_BLOCKS[block] + f"{n:04d}"
        if style == 2:
            return "+33" + digits[1:]
        pairs = " ".join(digits[i : i + 2] for i in range(2, 10, 2))
        return (f"+33 {digits[1]} " if style == 1 else f"{digits[:2]} ") + pairs
    index -= 60_000
    if index < 1_000 * len(UK_BLOCKS):
        block, n = divmod(index, 1_000)
        written, digits = UK_BLOCKS[block]
        if style == 2:
            return "+44" + digits[1:] + f"{n:03d}"
        return ("+44 " + written[1:] if style == 1 else written) + f"{n:03d}"
    index -= 1_000 * len(UK_BLOCKS)
    area, n = NANP_AREAS[index // 100], 100 + index % 100
    if style == 2:
        return f"+1{area}5550{n}"
    return f"+1 {area}-555-0{n}" if style == 1 else f"({area}) 555-0{n}"


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _local(text: str) -> str:
    return "".join(c for c in _ascii(text).lower() if c.isalnum())


@dataclass
class BenchPerson:
    """One fictitious person as a card or a row will show them."""

    number: int
    given: str
    family: str
    emails: list[tuple[str, str]] = field(default_factory=list)  # (type, address)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (type, written number)
    org: str = ""
    dept: str = ""
    title: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    note: str = ""
    labels: list[str] = field(default_factory=list)
    birthday: str = ""
    photo: bool = False
    uid: str = ""
    rev: str = ""
    duplicate_of: int = -1


def _surname(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.10:
        return rng.choice(FAMILY)
    if draw < 0.15:
        return rng.choice(FAMILY) + "-" + rng.choice(FAMILY).replace(" ", "")
    return rng.choice(ROOTS) + rng.choice(JOINTS) + rng.choice(ENDINGS)


def _person(rng: random.Random, number: int, phones: Iterator[int]) -> BenchPerson:
    given = rng.choice(GIVEN)
    family = _surname(rng)
    p = BenchPerson(number, given, family)
    g, f = _local(given), _local(family)
    p.emails.append(("HOME", f"{g}.{f}{number}@{rng.choice(PERSONAL_DOMAINS)}"))
    if rng.random() < 0.55:
        p.org = rng.choice(COMPANIES)
        p.dept = rng.choice(DEPARTMENTS) if rng.random() < 0.6 else ""
        p.title = rng.choice(TITLES)
        if rng.random() < 0.6:
            domain = _local(p.org) + ".example"
            p.emails.append(("WORK", f"{g[0]}{f}{number}@{domain}"))
    count = rng.choices((1, 2, 3), (60, 30, 10))[0]
    for kind in ("CELL", "WORK", "HOME")[:count]:
        p.phones.append((kind, fiction_phone(next(phones), rng.choices((0, 1, 2), (6, 3, 1))[0])))
    if rng.random() < 0.35:
        p.city, p.postcode = rng.choice(CITIES)
        p.street = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
    if rng.random() < 0.15:
        p.note = rng.choice(NOTES)
    p.labels = rng.sample(LABELS, rng.choices((0, 1, 2), (25, 60, 15))[0])
    if rng.random() < 0.3:
        p.birthday = f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    p.photo = rng.random() < 1 / 200
    p.uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    p.rev = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00Z"
    return p


def _variant(rng: random.Random, original: BenchPerson) -> BenchPerson:
    """The same person saved again, differently: as identity matching meets them."""
    p = replace(original, emails=list(original.emails), phones=list(original.phones))
    p.duplicate_of = original.number
    p.uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    p.photo = False
    change = rng.randrange(4)
    if change == 0:  # accents dropped, e-mail in capitals
        p.given, p.family = _ascii(p.given), _ascii(p.family)
        p.emails = [(t, a.capitalize()) for t, a in p.emails]
    elif change == 1:  # only the mobile, written another way
        p.emails = []
        p.phones = [(t, v.replace(" ", "")) for t, v in p.phones[:1]]
    elif change == 2:  # only an e-mail, a newer job
        p.phones = []
        p.org, p.title = rng.choice(COMPANIES), rng.choice(TITLES)
    else:  # given and family swapped
        p.given, p.family = p.family, p.given
    return p


def people(n: int, seed: int = 0, duplicates: float = 0.05) -> Iterator[BenchPerson]:
    """Yield ``n`` fictitious people, about ``duplicates`` of them repeats of earlier ones.

    Parameters
    ----------
    n : int
        How many cards or rows.
    seed : int
        Seed of the random draws: the same seed gives the same people.
    duplicates : float
        Share of repeats, each one written with one variation.

    Examples
    --------
    >>> [(p.given, p.family, p.duplicate_of) for p in people(3, seed=1)]
    [('Giulia', 'Chamret', -1), ('Giulia', 'Chamret', 0), ('Zoé', 'Testal', -1)]
    >>> sum(p.duplicate_of >= 0 for p in people(1000, seed=1))
    56
    """
    rng = random.Random(seed)
    stride = 7_919  # a prime: hands out the pool's numbers in a scattered order
    phones = (i * stride % 60_000 if i < 60_000 else i for i in range(10**12))
    recent: list[BenchPerson] = []
    for number in range(n):
        if recent and rng.random() < duplicates:
            yield _variant(rng, rng.choice(recent))
            continue
        person = _person(rng, number, phones)
        recent.append(person)
        if len(recent) > 5_000:
            recent.pop(rng.randrange(len(recent)))
        yield person


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold at 75 octets (continuation lines start with a space), never inside a character."""
    if len(line) <= 75 and line.isascii():
        return line + "\r\n"
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts) + "\r\n"


def _card(p: BenchPerson, rng: random.Random) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_esc(p.family)};{_esc(p.given)};;;",
        f"FN:{_esc(p.given)} {_esc(p.family)}",
    ]
    if p.org:
        lines.append(f"ORG:{_esc(p.org)};{_esc(p.dept)}" if p.dept else f"ORG:{_esc(p.org)}")
    if p.title:
        lines.append(f"TITLE:{_esc(p.title)}")
    for n, (kind, address) in enumerate(p.emails):
        lines.append(f"EMAIL;TYPE=INTERNET;TYPE={kind}{';TYPE=pref' if n == 0 else ''}:{address}")
    for kind, number in p.phones:
        lines.append(f"TEL;TYPE={kind}:{number}")
    if p.street:
        parts = ("", "", p.street, p.city, "", p.postcode, "France")
        lines.append("ADR;TYPE=HOME:" + ";".join(_esc(x) for x in parts))
    if p.note:
        lines.append(f"NOTE:{_esc(p.note)}")
    if p.birthday:
        lines.append(f"BDAY:{p.birthday}")
    if p.labels:
        lines.append("CATEGORIES:" + ",".join(_esc(x) for x in p.labels))
    if p.photo:
        data = base64.b64encode(b"\xff\xd8\xff\xe0" + rng.randbytes(1_500)).decode("ascii")
        lines.append(f"PHOTO;ENCODING=b;TYPE=JPEG:{data}")
    lines += [f"UID:{p.uid}", f"REV:{p.rev}", "END:VCARD"]
    return "".join(_fold(line) for line in lines)


def write_vcards(path: str | Path, n: int, seed: int = 0, duplicates: float = 0.05) -> int:
    """Write ``n`` vCard 3.0 cards (CRLF, folded lines) to ``path``; return ``n``.

    Each card has a name, one or two e-mails, one to three phones, and often an ORG, TITLE,
    CATEGORIES, ADR, NOTE or BDAY; one card in 200 has a small base64 PHOTO.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = os.path.join(d, "t.vcf")
    ...     write_vcards(f, 300, seed=1), open(f, encoding="utf-8").read().count("BEGIN:VCARD")
    (300, 300)
    """
    rng = random.Random(f"photos-{seed}")
    with open(path, "w", encoding="utf-8", newline="") as out:
        batch = []
        for p in people(n, seed, duplicates):
            batch.append(_card(p, rng))
            if len(batch) == 1_000:
                out.write("".join(batch))
                batch = []
        out.write("".join(batch))
    return n


def _google_row(p: BenchPerson) -> list[str]:
    row = dict.fromkeys(GOOGLE_HEADER, "")
    row["First Name"], row["Last Name"] = p.given, p.family
    row["Organization Name"], row["Organization Title"] = p.org, p.title
    row["Organization Department"] = p.dept
    row["Birthday"], row["Notes"] = p.birthday, p.note
    row["Labels"] = " ::: ".join([*p.labels, "* myContacts"])
    for n, (kind, address) in enumerate(p.emails[:2], start=1):
        row[f"E-mail {n} - Label"] = "* Home" if kind == "HOME" else "* Work"
        row[f"E-mail {n} - Value"] = address
    names = {"CELL": "Mobile", "WORK": "Work", "HOME": "Home"}
    for n, (kind, number) in enumerate(p.phones[:3], start=1):
        row[f"Phone {n} - Label"], row[f"Phone {n} - Value"] = names[kind], number
    if p.street:
        row["Address 1 - Label"] = "Home"
        row["Address 1 - Formatted"] = f"{p.street}\n{p.postcode} {p.city}\nFR"
        row["Address 1 - Street"], row["Address 1 - City"] = p.street, p.city
        row["Address 1 - Postal Code"], row["Address 1 - Country"] = p.postcode, "FR"
    return list(row.values())


def write_google_csv(path: str | Path, n: int, seed: int = 0, duplicates: float = 0.05) -> int:
    """Write a Google Contacts CSV export of ``n`` rows to ``path``; return ``n``.

    Examples
    --------
    >>> import csv, tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = os.path.join(d, "t.csv")
    ...     n = write_google_csv(f, 300, seed=1)
    ...     n, len(list(csv.reader(open(f, encoding="utf-8", newline="")))) - 1
    (300, 300)
    """
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(GOOGLE_HEADER)
        for p in people(n, seed, duplicates):
            writer.writerow(_google_row(p))
    return n


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python benchmarks/generate.py {vcard,google} N PATH [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("vcard", "google"), help="file format")
    parser.add_argument("n", type=int, help="number of cards or rows")
    parser.add_argument("path", type=Path, help="file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--duplicates", type=float, default=0.05, help="share of repeated people (default 0.05)"
    )
    args = parser.parse_args(argv)
    write = write_vcards if args.kind == "vcard" else write_google_csv
    write(args.path, args.n, args.seed, args.duplicates)
    size = args.path.stat().st_size / 2**20
    print(f"wrote {args.path}: {args.n:,} {args.kind} records, {size:.1f} MiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
