"""Write the fictitious sample exports of Camille Durand's contacts into data/samples/.

Camille Durand is a made-up French engineering student just back from an internship at the
made-up company Acme Industries. About 150 made-up people from her family, studies, internship,
friends and student job appear in four exports, as a student would really get them:

- ``phone.vcf``: an iPhone export, vCard 3.0;
- ``google.csv``: a Google Contacts export;
- ``Connections.csv``: a LinkedIn export;
- ``outlook.csv``: an Outlook export, in French, from the internship company.

The same person appears in several files with the variations identity matching must see
through, and a few pairs of different people look alike on purpose. ``truth.csv`` says who is
who. Everything is drawn from a seeded :class:`random.Random` over built-in name lists, with
only the standard library, so that a run with the same seed writes byte-identical files::

    python scripts/make_samples.py                 # data/samples/, default seed
    python scripts/make_samples.py --seed 7 --out /tmp/samples
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import unicodedata
import uuid
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

__all__ = [
    "DEFAULT_SEED",
    "FILES",
    "Person",
    "build_people",
    "format_phone",
    "main",
    "render_samples",
    "unaccent",
    "vcard_fold",
    "write_samples",
]

DEFAULT_SEED = 2024
"""The seed the committed ``data/samples/`` files were written with."""

FILES = ("phone.vcf", "google.csv", "Connections.csv", "outlook.csv")
"""The four exports, in the order they are written and listed in ``truth.csv``."""

ROOT = Path(__file__).resolve().parents[1]
CRLF = "\r\n"


def _items(text: str) -> tuple[str, ...]:
    r"""Split a comma-separated list written over several lines.

    >>> _items("Léa, Le Gall,\n    O'Brien\n")
    ('Léa', 'Le Gall', "O'Brien")
    """
    return tuple(item.strip() for item in text.replace("\n", ",").split(",") if item.strip())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Split a comma-separated list of ``a/b`` pairs.

    >>> _pairs("Acheteur/Acheteuse, Lyon/69003")
    (('Acheteur', 'Acheteuse'), ('Lyon', '69003'))
    """
    return tuple(tuple(item.split("/", 1)) for item in _items(text))  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Built-in vocabulary. Names are common French and European first and last names, combined at
# random, so every person is fictitious. Companies are made up or borrowed from fiction.
# --------------------------------------------------------------------------------------------

FEMALE = _items(
    """
    Léa, Chloé, Manon, Inès, Emma, Jade, Louise, Zoé, Sarah, Juliette, Clara, Anaïs, Mathilde,
    Pauline, Lucie, Élodie, Margaux, Océane, Héloïse, Noémie, Julie, Laura, Amélie, Justine, Maëlle,
    Agathe, Alice, Eva, Lina, Nina, Salomé, Yasmine, Nadia, Amina, Giulia, Sofia, Elena, Lucía,
    Ioana, Ingrid, Niamh, Katarzyna, Marion, Aurélie, Émilie, Romane, Capucine, Lou,
    """
)
MALE = _items(
    """
    Lucas, Théo, Nathan, Louis, Jules, Maxime, Antoine, Alexandre, Nicolas, Romain, Quentin,
    Clément, Baptiste, Mathieu, Pierre, Adrien, Guillaume, Kevin, Benjamin, Arthur, Raphaël,
    Gabriel, Léo, Enzo, Valentin, Florian, Simon, Victor, Loïc, Jérôme, Cédric, Sébastien, François,
    Mehdi, Sofiane, Rayan, Yanis, Marco, Lukas, Jonas, Pablo, Miguel, Piotr, Andrei, Sven, Seán,
    Tristan, Bastien, Gaëtan, Aurélien,
    """
)
FAMILY_NAMES = _items(
    """
    Bernard, Thomas, Robert, Richard, Dubois, Laurent, Michel, Leroy, David, Bertrand, Morel,
    Fournier, Dupont, Lambert, Fontana, Rousseau, Vincent, Muller, Lefebvre, Mercier, Guérin, Boyer,
    Garnier, Chevalier, Legrand, Gauthier, Garcia, Perrin, Robin, Morin, Henry, Mathieu, Masson,
    Marchand, Duval, Denis, Dumont, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, Blanchard, Giraud,
    Joly, Rivière, Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard, Roche, Renard, Schmitt,
    Leroux, Colin, Vidal, Caron, Picard, Fabre, Aubert, Lemoine, Renaud, Dumas, Lacroix, Bourgeois,
    Benoît, Leclerc, Payet, Rolland, Lecomte, Lopez, Dupuy, Guillot, Hubert, Berger, Carpentier,
    Sanchez, Moulin, Deschamps, Huet, Vasseur, Fleury, Royer, Klein, Jacquet, Poirier, Marty, Aubry,
    Guyot, Charpentier, Ménard, Maillard, Baron, Bertin, Bailly, Hervé, Schneider, Le Gall, Collet,
    Léger, Bouvier, Prévost, Millet, Perrot, Le Roux, Germain, Besson, Langlois, Pelletier, Lévêque,
    Perrier, Leblanc, Lebrun, Weber, Hamon, Boulanger, Michaud, Gillet, Tessier, Chauvin, Da Silva,
    Lemaître, Humbert, Reynaud, Pichon, Lejeune, Delaunay, Pasquier, Laporte, Rossi, Bianchi,
    Fernández, Schmidt, Nowak, Kowalski, Popescu, Jansen, De Vries, Santos, Ferreira, O'Brien,
    Nguyen, Haddad, Diallo, Traoré, Mansouri, Dubois-Laurent,
    """
)
# Combinations that happen to name well-known people are left out.
AVOID = frozenset(
    _items(
        """
        alexandre dumas, antoine dupont, jules renard, nicolas mathieu, pierre lemaitre,
        pierre richard,
        """
    )
)

PERSONAL_DOMAINS = _items(
    """
    mail.example.org, example.com, example.net, courriel.example.org, post.example.net,
    """
)
SCHOOL = "ESIV"
SCHOOL_LONG = "École supérieure d'ingénieurs de Valmont"
SCHOOL_DOMAIN = "etu.esiv.example"
ACME = "Acme Industries"
ACME_DOMAIN = "acme-industries.example"
LUMEN = "Studio Lumen"
LUMEN_DOMAIN = "studio-lumen.example"
OTHER_COMPANIES = _items(
    """
    Globex France, Initech Lyon, Vandelay Import-Export, Cyberdyne Systèmes, Massive Dynamic,
    Dunder Mifflin Paris, Wonka & Fils, Tyrell Conseil,
    """
)
ACME_DEPARTMENTS = _items(
    """
    Data & Analytics, R&D, Achats, Qualité, Ressources humaines, Finance, Direction technique,
    Production,
    """
)
ACME_TITLES = _pairs(
    """
    Ingénieur data/Ingénieure data, Chef de projet/Cheffe de projet, Développeur/Développeuse,
    Responsable qualité/Responsable qualité, Acheteur/Acheteuse,
    Chargé de recrutement/Chargée de recrutement, Contrôleur de gestion/Contrôleuse de gestion,
    Technicien/Technicienne, Stagiaire/Stagiaire, Alternant/Alternante,
    """
)
LUMEN_TITLES = _pairs(
    """
    Graphiste/Graphiste, Directeur artistique/Directrice artistique, Photographe/Photographe,
    Chargé de production/Chargée de production, Vendeur/Vendeuse,
    """
)
STUDENT_TITLES = _pairs(
    """
    Élève ingénieur/Élève ingénieure, Étudiant en génie industriel/Étudiante en génie industriel,
    Stagiaire data/Stagiaire data, Alternant ingénieur méthodes/Alternante ingénieure méthodes,
    """
)
OTHER_TITLES = _pairs(
    """
    Chargé de communication/Chargée de communication, Infirmier/Infirmière,
    Professeur des écoles/Professeure des écoles, Comptable/Comptable,
    Étudiant en master/Étudiante en master, Développeur web/Développeuse web,
    """
)
CITIES = _pairs(
    """
    Lyon/69003, Lyon/69007, Villeurbanne/69100, Grenoble/38000, Annecy/74000, Paris/75011,
    Nantes/44000, Dijon/21000,
    """
)
STREETS = _items(
    """
    rue des Lilas, avenue des Tilleuls, rue du Moulin, place des Marronniers, chemin des Vignes,
    rue de la Fontaine, boulevard des Platanes, impasse des Roses,
    """
)
CIRCLE_LABELS = {
    "family": ("Famille", "Famille", "Family"),
    "studies": ("Études", "Études", "École", "School"),
    "internship": ("Stage", "Stage", "Internship"),
    "friends": ("Amis", "Amis", "Friends"),
    "work": ("Travail", "Work"),
}
NOTES = (
    "Rencontré(e) au forum entreprises, très sympa, à recontacter pour l'alternance",
    "Binôme du projet de fin d'études, code de la porte du local : demander",
    "Coloc de l'été 2022 à Grenoble, doit me rendre le livre de thermodynamique",
    "Vu au WEI, fait de l'escalade le jeudi soir à la salle du campus",
    "Connaît bien le recrutement chez Globex, m'a proposé de relire mon CV",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PHOTO_PNG_BASE64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAANElEQVR42mM4ceKEgoICkExISACSCxYsAJIPHjxgAA"
    "Igy8HBAUg2NDQAyQMHDgBJhkGpAwBFa3UBEy2h1wAAAABJRU5ErkJggg=="
)
PRODID = "-//Apple Inc.//iPhone OS 17.5.1//EN"

GOOGLE_HEADER = _items(
    """
    First Name, Middle Name, Last Name, Phonetic First Name, Phonetic Middle Name,
    Phonetic Last Name, Name Prefix, Name Suffix, Nickname, File As, Organization Name,
    Organization Title, Organization Department, Birthday, Notes, Photo, Labels, E-mail 1 - Label,
    E-mail 1 - Value, E-mail 2 - Label, E-mail 2 - Value, Phone 1 - Label, Phone 1 - Value,
    Phone 2 - Label, Phone 2 - Value, Address 1 - Label, Address 1 - Formatted, Address 1 - Street,
    Address 1 - City, Address 1 - PO Box, Address 1 - Region, Address 1 - Postal Code,
    Address 1 - Country, Address 1 - Extended Address, Website 1 - Label, Website 1 - Value,
    """
)
LINKEDIN_HEADER = _items(
    """
    First Name, Last Name, URL, Email Address, Company, Position, Connected On,
    """
)
LINKEDIN_PREAMBLE = (
    "Notes:",
    '"When exporting your connection data, you may notice that some of the email addresses are'
    " missing. You will only see email addresses for connections who have allowed their"
    ' connections to see or download their email address."',
    "",
)
# The column list of a French Outlook "Valeurs séparées par une virgule" export. "Titre" is
# there twice, as in the real export: the courtesy title first, the job title eighth.
OUTLOOK_HEADER = _items(
    """
    Titre, Prénom, Deuxième prénom, Nom, Suffixe, Société, Service, Titre, Rue (bureau),
    Rue (bureau) 2, Rue (bureau) 3, Ville (bureau), Dép/Région (bureau), Code postal (bureau),
    Pays/Région (bureau), Rue (domicile), Rue (domicile) 2, Rue (domicile) 3, Ville (domicile),
    Dép/Région (domicile), Code postal (domicile), Pays/Région (domicile), Rue (autre),
    Rue (autre) 2, Rue (autre) 3, Ville (autre), Dép/Région (autre), Code postal (autre),
    Pays/Région (autre), Téléphone de l'assistant(e), Télécopie (bureau), Téléphone (bureau),
    Téléphone 2 (bureau), Rappel, Téléphone (voiture), Téléphone société, Télécopie (domicile),
    Téléphone (domicile), Téléphone 2 (domicile), RNIS, Tél. mobile, Télécopie (autre),
    Téléphone (autre), Récepteur de radiomessagerie, Téléphone principal, Radio téléphone,
    Téléphone TDD/TTY, Télex, Adresse de messagerie, Type de messagerie,
    Nom complet de l'adresse de messagerie, Adresse de messagerie 2, Type de messagerie 2,
    Nom complet de l'adresse de messagerie 2, Adresse de messagerie 3, Type de messagerie 3,
    Nom complet de l'adresse de messagerie 3, Anniversaire, Anniversaire de mariage ou fête,
    Autre boîte postale, B.P. professionnelle, Boîte postale du domicile, Bureau, Catégories,
    Code gouvernement, Compte, Conjoint(e), Critère de diffusion, Disponibilité Internet,
    Emplacement, Enfants, Informations facturation, Initiales, Kilométrage, Langue, Mots clés,
    Nom de l'assistant(e), Notes, Numéro d'identification de l'organisation, Page Web, Passe-temps,
    Priorité, Privé, Profession, Recommandé par, Responsable, Serveur d'annuaire, Sexe,
    Utilisateur 1, Utilisateur 2, Utilisateur 3, Utilisateur 4,
    """
)
# Outlook leaves these columns unquoted when they are empty; every other cell is quoted.
OUTLOOK_BARE_WHEN_EMPTY = frozenset(
    _items(
        """
        Adresse de messagerie 2, Adresse de messagerie 3, Autre boîte postale, B.P. professionnelle,
        Boîte postale du domicile, Enfants, Informations facturation, Kilométrage,
        Nom complet de l'adresse de messagerie 2, Nom complet de l'adresse de messagerie 3,
        Passe-temps, Rue (autre) 2, Rue (autre) 3, Rue (bureau) 2, Rue (bureau) 3, Rue (domicile) 2,
        Rue (domicile) 3, Serveur d'annuaire, Type de messagerie 2, Type de messagerie 3,
        """
    )
)

# Circles of people drawn at random (the family is written out by hand in build_people).
CIRCLE_SIZES = (("studies", 44), ("internship", 32), ("friends", 38), ("work", 20))
# Probability that a person of a circle is in each export (phone, google, linkedin, outlook).
PRESENCE = {
    "family": (1.0, 0.45, 0.0, 0.0),
    "studies": (0.7, 0.55, 0.65, 0.0),
    "internship": (0.3, 0.1, 0.6, 1.0),
    "friends": (0.95, 0.55, 0.25, 0.0),
    "work": (0.6, 0.4, 0.55, 0.0),
}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def unaccent(text: str) -> str:
    """Return ``text`` without its accents, the way some exports or typists drop them.

    Examples
    --------
    >>> unaccent("Léa Lefèvre, Maëlle Noël")
    'Lea Lefevre, Maelle Noel'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _ascii_key(text: str) -> str:
    """Lower-case ASCII letters only, for e-mail local parts and uniqueness checks.

    >>> _ascii_key("Le Gall-O'Brien")
    'legallobrien'
    """
    return "".join(c for c in unaccent(text).lower() if c.isascii() and c.isalpha())


def format_phone(national: str, style: str) -> str:
    """Write a 10-digit French number (``0639981234``) the way people type it.

    Parameters
    ----------
    national : str
        The number in national form, ten digits starting with 0.
    style : {"national", "international", "compact", "e164"}
        How to write it.

    Returns
    -------
    str

    Examples
    --------
    >>> format_phone("0639981234", "national")
    '06 39 98 12 34'
    >>> format_phone("0639981234", "international")
    '+33 6 39 98 12 34'
    >>> format_phone("0639981234", "compact")
    '0639981234'
    >>> format_phone("0639981234", "e164")
    '+33639981234'
    """
    pairs = [national[i : i + 2] for i in range(0, 10, 2)]
    if style == "national":
        return " ".join(pairs)
    if style == "international":
        return "+33 " + national[1] + " " + " ".join(pairs[1:])
    if style == "compact":
        return national
    if style == "e164":
        return "+33" + national[1:]
    raise ValueError(f"unknown phone style {style!r}")


def vcard_fold(line: str, limit: int = 75) -> list[str]:
    """Fold one vCard content line into physical lines of at most ``limit`` octets (RFC 2425).

    Continuation lines start with one space; a multi-byte UTF-8 character is never split.

    Examples
    --------
    >>> vcard_fold("NOTE:" + "a" * 72)
    ['NOTE:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ' aa']
    >>> [len(p.encode()) for p in vcard_fold("FN:" + "é" * 40)]
    [75, 9]
    """
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return parts


def _esc(text: str) -> str:
    """Escape a vCard 3.0 text value.

    >>> _esc("Acme; R&D, Lyon")
    'Acme\\\\; R&D\\\\, Lyon'
    """
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


def _stamp(rng: random.Random, year_from: int = 2022) -> str:
    year = rng.randint(year_from, 2024)
    month = rng.randint(1, 8) if year == 2024 else rng.randint(1, 12)
    return (
        f"{year}-{month:02d}-{rng.randint(1, 28):02d}T"
        f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    )


def _pick_label(rng: random.Random, circle: str) -> str:
    return rng.choice(CIRCLE_LABELS[circle])


# --------------------------------------------------------------------------------------------
# The people
# --------------------------------------------------------------------------------------------


@dataclass
class Person:
    """One fictitious person of Camille's network and everything the exports may say of them.

    ``files`` lists the exports the person appears in; ``quirks`` names, per export, the
    variation written there (``"no-accents:google.csv"``; ``"saved-later:phone.vcf"`` adds a
    card after the others); ``records`` is filled while the exports are written, with
    ``(file, line)`` of each card or row.
    """

    key: str
    given: str
    family: str
    gender: str
    circles: list[str]
    middle: str = ""
    nickname: str = ""
    home_email: str = ""
    school_email: str = ""
    work_email: str = ""
    mobile: str = ""
    mobile2: str = ""
    landline: str = ""
    office: str = ""
    org: str = ""
    dept: str = ""
    title: str = ""
    birthday: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    website: str = ""
    note: str = ""
    linkedin: str = ""
    connected_on: tuple[int, int, int] = (2024, 1, 1)
    role: str = ""
    files: list[str] = field(default_factory=list)
    quirks: list[str] = field(default_factory=list)
    doubtful_with: str = ""
    remarks: list[str] = field(default_factory=list)
    records: list[tuple[str, int]] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        """The name as the person writes it."""
        return f"{self.given} {self.family}"

    def quirk(self, name: str, file: str) -> bool:
        """Whether the variation ``name`` is written in ``file``."""
        return f"{name}:{file}" in self.quirks


class _Pools:
    """Draws unique names, e-mail addresses and phone numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.name_stems: set[tuple[str, str]] = set()
        self.emails: set[str] = set()
        # ARCEP keeps 06 39 98 xx xx and 01 99 00 xx xx for fiction: 10,000 numbers each.
        self.mobiles = [f"063998{n:04d}" for n in rng.sample(range(10000), 600)]
        self.landlines = [f"019900{n:04d}" for n in rng.sample(range(10000), 300)]

    def claim_name(self, given: str, family: str, *, check: bool = True) -> bool:
        """Take a name; with ``check``, refuse one that looks like a name already taken."""
        key = _ascii_key(given) + " " + _ascii_key(family)
        stem = (_ascii_key(family), _ascii_key(given)[:3])
        spaced = unaccent(f"{given} {family}").lower()
        if check and (
            key in self.names
            or stem in self.name_stems
            or spaced in AVOID
            or any(SequenceMatcher(None, key, other).ratio() >= 0.8 for other in self.names)
        ):
            return False
        self.names.add(key)
        self.name_stems.add(stem)
        return True

    def random_name(self, gender: str) -> tuple[str, str]:
        while True:
            given = self.rng.choice(FEMALE if gender == "f" else MALE)
            family = self.rng.choice(FAMILY_NAMES)
            if self.claim_name(given, family):
                return given, family

    def email(self, given: str, family: str, domain: str = "", style: int = -1) -> str:
        g, f = _ascii_key(given), _ascii_key(family)
        style = self.rng.randrange(5) if style < 0 else style
        domain = domain or self.rng.choice(PERSONAL_DOMAINS)
        candidates = [
            f"{g}.{f}@{domain}",
            f"{g[0]}{f}@{domain}",
            f"{g}{f}{self.rng.randint(90, 99)}@{domain}",
            f"{g}_{f}@{domain}",
            f"{f}.{g}@{domain}",
        ]
        order = candidates[style:] + candidates[:style]
        for address in order:
            if address not in self.emails:
                self.emails.add(address)
                return address
        n = 2
        while f"{g}.{f}{n}@{domain}" in self.emails:
            n += 1
        self.emails.add(f"{g}.{f}{n}@{domain}")
        return f"{g}.{f}{n}@{domain}"

    def mobile(self) -> str:
        return self.mobiles.pop()

    def landline(self) -> str:
        return self.landlines.pop()


def _birthday(rng: random.Random, year_from: int, year_to: int) -> str:
    return f"{rng.randint(year_from, year_to)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _address(rng: random.Random, person: Person) -> None:
    person.city, person.postcode = rng.choice(CITIES)
    person.street = f"{rng.randint(1, 48)} {rng.choice(STREETS)}"


def _linkedin(rng: random.Random, person: Person) -> None:
    slug = f"{_ascii_key(person.given)}-{_ascii_key(person.family)}-{rng.getrandbits(32):08x}"
    person.linkedin = f"https://www.linkedin.com/in/{slug}"


def _connected(rng: random.Random, circle: str) -> tuple[int, int, int]:
    if circle == "internship":  # the internship ran from February to July 2024
        return (2024, rng.randint(2, 8), rng.randint(1, 28))
    if circle == "work":
        return (rng.randint(2022, 2023), rng.randint(1, 12), rng.randint(1, 28))
    year = rng.randint(2021, 2024)
    return (year, rng.randint(1, 8 if year == 2024 else 12), rng.randint(1, 28))


def _fill(rng: random.Random, pools: _Pools, person: Person) -> None:
    """Give a person the contact details their first circle implies."""
    circle = person.circles[0]
    f_or_m = 1 if person.gender == "f" else 0
    if circle == "family":
        return
    if circle == "studies":
        if rng.random() < 0.8:
            person.school_email = pools.email(person.given, person.family, SCHOOL_DOMAIN, 0)
        if rng.random() < 0.6:
            person.home_email = pools.email(person.given, person.family)
        if rng.random() < 0.9:
            person.mobile = pools.mobile()
        if rng.random() < 0.5:
            person.org = rng.choice(OTHER_COMPANIES)
            person.title = rng.choice(STUDENT_TITLES[2:])[f_or_m]
        else:
            person.org = SCHOOL
            person.title = rng.choice(STUDENT_TITLES[:2])[f_or_m]
        if rng.random() < 0.3:
            person.birthday = _birthday(rng, 2000, 2003)
    elif circle == "internship":
        person.org = ACME
        person.dept = rng.choice(ACME_DEPARTMENTS)
        person.title = rng.choice(ACME_TITLES)[f_or_m]
        person.work_email = pools.email(person.given, person.family, ACME_DOMAIN, 0)
        if rng.random() < 0.85:
            person.office = pools.landline()
        if rng.random() < 0.45:
            person.mobile = pools.mobile()
    elif circle == "friends":
        if rng.random() < 0.75:
            person.home_email = pools.email(person.given, person.family)
        person.mobile = pools.mobile()
        if rng.random() < 0.4:
            person.birthday = _birthday(rng, 1999, 2003)
        if rng.random() < 0.2:
            _address(rng, person)
        if rng.random() < 0.6:
            person.org = rng.choice(OTHER_COMPANIES)
            person.title = rng.choice(OTHER_TITLES)[f_or_m]
        if rng.random() < 0.1:
            g, f = _ascii_key(person.given), _ascii_key(person.family)
            person.website = f"https://{g}{f}.example.net/"
    elif circle == "work":
        person.org = LUMEN
        person.title = rng.choice(LUMEN_TITLES)[f_or_m]
        if rng.random() < 0.5:
            person.work_email = pools.email(person.given, person.family, LUMEN_DOMAIN, 0)
        if rng.random() < 0.6:
            person.home_email = pools.email(person.given, person.family)
        if rng.random() < 0.85:
            person.mobile = pools.mobile()
    if rng.random() < 0.06:
        person.note = rng.choice(NOTES)
    _linkedin(rng, person)
    person.connected_on = _connected(rng, circle)


def _family(rng: random.Random, pools: _Pools) -> list[Person]:
    """Camille's family, written out by hand so the relations between them hold."""
    rows = (
        ("Sophie", "Durand", "f", "mère", (1968, 1970)),
        ("Philippe", "Durand", "m", "père", (1966, 1968)),
        ("Hugo", "Durand", "m", "frère", (1999, 2000)),
        ("Inès", "Durand", "f", "sœur", (2006, 2007)),
        ("Jeanne", "Roussel", "f", "grand-mère", (1944, 1946)),
        ("Michel", "Roussel", "m", "grand-père", (1941, 1943)),
        ("Monique", "Durand", "f", "grand-mère", (1940, 1942)),
        ("Olivier", "Durand", "m", "oncle", (1971, 1973)),
        ("Nathalie", "Durand", "f", "tante", (1972, 1974)),
        ("Paul", "Durand", "m", "cousin", (2001, 2002)),
        ("Chloé", "Durand", "f", "cousine", (2004, 2005)),
        ("Valérie", "Roussel", "f", "tante", (1972, 1974)),
        ("Franck", "Carré", "m", "oncle", (1970, 1972)),
        ("Lucas", "Carré", "m", "cousin", (2003, 2004)),
        ("Élise", "Carré", "f", "cousine", (2005, 2006)),
        ("Claire", "Faure", "f", "marraine", (1969, 1971)),
    )
    people = []
    home = pools.landline()  # the grandparents' shared landline
    for given, family, gender, role, years in rows:
        pools.claim_name(given, family, check=False)
        person = Person("", given, family, gender, ["family"], role=role)
        person.birthday = _birthday(rng, *years)
        if role.startswith("grand"):
            person.landline = home if family == "Roussel" else pools.landline()
            if given == "Michel":
                person.mobile = pools.mobile()
        else:
            person.mobile = pools.mobile()
            if rng.random() < 0.6 or role in ("mère", "père"):
                person.home_email = pools.email(given, family)
        if role in ("mère", "père", "grand-mère", "grand-père", "tante", "marraine"):
            _address(rng, person)
        people.append(person)
    # Camille's parents share a home address; so do her grandparents.
    mother, father, jeanne, michel = people[0], people[1], people[4], people[5]
    father.street, father.city, father.postcode = mother.street, mother.city, mother.postcode
    michel.street, michel.city, michel.postcode = jeanne.street, jeanne.city, jeanne.postcode
    jeanne.birthday = "--" + jeanne.birthday[5:]  # saved without the year
    return people


def _family_remarks(people: list[Person]) -> None:
    by_name = {p.full_name: p for p in people}
    mother, father = by_name["Sophie Durand"], by_name["Philippe Durand"]
    jeanne, michel = by_name["Jeanne Roussel"], by_name["Michel Roussel"]
    paul, nathalie = by_name["Paul Durand"], by_name["Nathalie Durand"]
    mother.remarks.append('saved as "Maman" in phone.vcf')
    father.remarks.append(f"X-SPOUSE names {mother.key} in phone.vcf")
    paul.remarks.append(f"X-ABRELATEDNAMES (Mother) names {nathalie.key} in phone.vcf")
    jeanne.remarks.append(f"RELATED spouse points at {michel.key}'s card in phone.vcf")
    michel.remarks.append(f"RELATED spouse points at {jeanne.key}'s card in phone.vcf")
    jeanne.remarks.append(f"shares a landline with {michel.key}")
    michel.remarks.append(f"shares a landline with {jeanne.key}")
    jeanne.remarks.append("birthday without a year in phone.vcf")


def build_people(seed: int = DEFAULT_SEED) -> list[Person]:
    """Draw Camille Durand's network: 150 fictitious people, with where each one appears.

    Parameters
    ----------
    seed : int
        Seed of the :class:`random.Random` everything is drawn from.

    Returns
    -------
    list of Person
        Keyed ``p001``, ``p002``... in the order they were drawn (the family first).

    Examples
    --------
    >>> people = build_people()
    >>> len(people), people[0].full_name, people[0].role
    (150, 'Sophie Durand', 'mère')
    >>> [p.full_name for p in people if p.doubtful_with][:2]
    ['Jon Petit', 'John Petit']
    """
    rng = random.Random(seed)
    pools = _Pools(rng)
    people = _family(rng, pools)

    def special(given: str, family: str, gender: str, circle: str) -> Person:
        pools.claim_name(given, family, check=False)
        person = Person("", given, family, gender, [circle])
        _fill(rng, pools, person)
        people.append(person)
        return person

    # People who carry one named variation each (see truth.csv's "notes" column).
    lea = special("Léa", "Martin", "f", "studies")
    helene = special("Hélène", "Lefèvre", "f", "internship")
    marc = special("Marc", "Fontaine", "m", "internship")
    julien = special("Julien", "Moreau", "m", "friends")
    thomas = special("Thomas", "Bonnet", "m", "friends")
    karim = special("Karim", "Benali", "m", "work")
    # Pairs of different people who look alike: they must not be merged automatically.
    jon = special("Jon", "Petit", "m", "work")
    john = special("John", "Petit", "m", "friends")
    emilie1 = special("Émilie", "Lefebvre", "f", "studies")
    emilie2 = special("Émilie", "Lefèvre", "f", "internship")
    mathis = special("Mathis", "Roux", "m", "studies")
    mathys = special("Mathys", "Roux", "m", "friends")

    specials = len(people)
    counts = {circle: sum(circle in p.circles for p in people) for circle, _ in CIRCLE_SIZES}
    for circle, size in CIRCLE_SIZES:
        for _ in range(size - counts[circle]):
            gender = rng.choice("fm")
            given, family = pools.random_name(gender)
            person = Person("", given, family, gender, [circle])
            _fill(rng, pools, person)
            people.append(person)
    # A few people belong to two circles, such as the classmate who interned at Acme too.
    extras = ("friends", "friends", "internship", "studies", "friends", "work")
    for person, extra in zip(rng.sample(people[specials:], 6), extras, strict=True):
        if extra in person.circles:
            continue
        person.circles.append(extra)
        if extra == "internship":
            person.org, person.title = ACME, "Stagiaire"
            person.dept = rng.choice(ACME_DEPARTMENTS)
            person.work_email = pools.email(person.given, person.family, ACME_DOMAIN, 0)

    for number, person in enumerate(people, start=1):
        person.key = f"p{number:03d}"
    _family_remarks(people)

    # Which exports each person appears in.
    for person in people:
        odds = PRESENCE[person.circles[0]]
        person.files = [name for name, p in zip(FILES, odds, strict=True) if rng.random() < p]
        if "internship" in person.circles and "outlook.csv" not in person.files:
            person.files.append("outlook.csv")
        if not person.files:
            person.files = ["Connections.csv" if person.linkedin else "phone.vcf"]

    def place(person: Person, *files: str) -> None:
        person.files = [name for name in FILES if name in files]

    place(people[0], "phone.vcf", "google.csv")  # the mother is "Maman" in the phone
    place(people[2], "phone.vcf", "google.csv")
    place(lea, "phone.vcf", "google.csv", "Connections.csv")
    lea.quirks.append("no-accents:google.csv")
    place(helene, "Connections.csv", "outlook.csv")
    helene.quirks.append("no-accents:Connections.csv")
    place(marc, "phone.vcf", "Connections.csv", "outlook.csv")
    marc.mobile = marc.mobile or pools.mobile()
    marc.office = marc.office or pools.landline()
    marc.title, marc.dept = "Responsable data", "Data & Analytics"
    marc.note = "Tuteur de stage"
    marc.quirks += ["email-case:outlook.csv", "second-card:phone.vcf"]
    place(julien, "phone.vcf", "google.csv")
    julien.home_email = julien.home_email or pools.email(julien.given, julien.family)
    julien.quirks.append("given-family-swapped:google.csv")
    place(thomas, "phone.vcf", "google.csv")
    thomas.nickname = "Toto"
    thomas.quirks.append("nickname-only:phone.vcf")
    place(karim, "phone.vcf", "google.csv")
    karim.mobile = karim.mobile or pools.mobile()
    karim.quirks.append("phone-only-card:phone.vcf")
    place(jon, "Connections.csv")
    place(john, "phone.vcf", "google.csv")
    place(emilie1, "phone.vcf", "Connections.csv")
    place(emilie2, "Connections.csv", "outlook.csv")
    place(mathis, "google.csv", "Connections.csv")
    place(mathys, "phone.vcf")
    for a, b in ((jon, john), (emilie1, emilie2), (mathis, mathys)):
        a.doubtful_with, b.doubtful_with = b.key, a.key
        if not b.mobile:
            b.mobile = pools.mobile()
    john.home_email = john.home_email or pools.email(john.given, john.family)
    for person in (emilie1, mathis):
        if not person.linkedin:
            _linkedin(rng, person)
    # LinkedIn carries no labels: a friend found there alone would show no sign of the circle.
    # Camille saved such friends in her phone later, so their card comes after the others.
    for person in people:
        if person.circles[0] == "friends" and not {"phone.vcf", "google.csv"} & set(person.files):
            person.quirks.append("saved-later:phone.vcf")

    # Variations drawn among ordinary people.
    ordinary = [p for p in people[specials:] if not p.quirks]
    both = [p for p in ordinary if {"phone.vcf", "google.csv"} <= set(p.files)]
    with_mail = [p for p in both if p.home_email or p.school_email]
    capitals = rng.choice(with_mail)
    capitals.quirks.append("email-case:google.csv")
    friend = rng.choice([p for p in both if p.mobile and p is not capitals])
    friend.mobile2 = pools.mobile()
    friend.quirks.append("two-mobiles:google.csv")
    photo = people[3]  # Camille's sister has a photo on her card
    photo.quirks.append("photo:phone.vcf")
    return people


# --------------------------------------------------------------------------------------------
# phone.vcf
# --------------------------------------------------------------------------------------------


def _vcard_person(rng: random.Random, p: Person, uids: dict[str, str], second: bool) -> list[str]:
    """The content lines (unfolded) of one iPhone card."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"PRODID:{PRODID}"]
    item = 0
    if p.quirk("phone-only-card", "phone.vcf"):
        lines.append(f"TEL;type=CELL;type=VOICE;type=pref:{format_phone(p.mobile, 'compact')}")
        lines.append(f"REV:{_stamp(rng)}")
        lines.append(f"UID:{uids[p.key]}")
        lines.append("END:VCARD")
        return lines
    if p.role == "mère":
        lines += ["N:;Maman;;;", "FN:Maman"]
    elif p.quirk("nickname-only", "phone.vcf"):
        lines += [f"N:;{_esc(p.nickname)};;;", f"FN:{_esc(p.nickname)}"]
    else:
        lines.append(f"N:{_esc(p.family)};{_esc(p.given)};{_esc(p.middle)};;")
        lines.append(f"FN:{_esc(p.full_name)}")
    if p.role == "grand-mère" and p.family == "Roussel":
        lines.append("NICKNAME:Mamie")
    if second:  # Marc saved twice: the second card only has his office line
        lines.append(f"ORG:{_esc(p.org)};")
        lines.append(f"TEL;type=WORK;type=VOICE:{format_phone(p.office, 'national')}")
    else:
        hurried = p.quirk("nickname-only", "phone.vcf")  # saved with a nickname and a number
        if p.org and p.org != SCHOOL and not hurried and rng.random() < 0.6:
            unit = f";{_esc(p.dept)}" if p.dept else ";"
            lines.append(f"ORG:{_esc(p.org)}{unit}")
            if p.title:
                lines.append(f"TITLE:{_esc(p.title)}")
        emails = []
        if p.school_email:
            emails.append(("school", p.school_email))
        if p.home_email:
            emails.append(("HOME", p.home_email))
        if p.work_email and p.circles[0] != "internship":
            emails.append(("WORK", p.work_email))
        if hurried:
            emails = []
        for n, (kind, address) in enumerate(emails):
            pref = ";type=pref" if n == 0 else ""
            if kind == "school":
                item += 1
                lines.append(f"item{item}.EMAIL;type=INTERNET{pref}:{address}")
                lines.append(f"item{item}.X-ABLabel:École")
            else:
                lines.append(f"EMAIL;type=INTERNET;type={kind}{pref}:{address}")
        if p.mobile:
            style = rng.choices(("national", "international", "compact"), (7, 2, 1))[0]
            phone = format_phone(p.mobile, style)
            lines.append(f"TEL;type=CELL;type=VOICE;type=pref:{phone}")
        if p.landline:
            lines.append(f"TEL;type=HOME;type=VOICE:{format_phone(p.landline, 'national')}")
        if p.street and rng.random() < 0.7:
            item += 1
            adr = ";".join(_esc(x) for x in ("", "", p.street, p.city, "", p.postcode, "France"))
            lines.append(f"item{item}.ADR;type=HOME;type=pref:{adr}")
            lines.append(f"item{item}.X-ABADR:fr")
        if p.website:
            item += 1
            lines.append(f"item{item}.URL;type=pref:{p.website}")
            lines.append(f"item{item}.X-ABLabel:_$!<HomePage>!$_")
        if p.note:
            lines.append(f"NOTE:{_esc(p.note)}")
        if p.birthday.startswith("--"):
            lines.append(f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{p.birthday[2:]}")
        elif p.birthday and (p.circles[0] == "family" or rng.random() < 0.5):
            lines.append(f"BDAY;VALUE=date:{p.birthday}")
        if p.role == "cousin" and p.given == "Paul":
            item += 1
            lines.append(f"item{item}.X-ABRELATEDNAMES:Nathalie Durand")
            lines.append(f"item{item}.X-ABLabel:_$!<Mother>!$_")
        if p.role == "père":
            lines.append("X-SPOUSE:Sophie Durand")
        if p.quirk("photo", "phone.vcf"):
            lines.append(f"PHOTO;ENCODING=b;TYPE=PNG:{PHOTO_PNG_BASE64}")
        labels = [_pick_label(rng, c) for c in p.circles]
        if p.role == "marraine":
            labels.append("Marraine")
        lines.append("CATEGORIES:" + ",".join(_esc(x) for x in dict.fromkeys(labels)))
    if p.role in ("grand-mère", "grand-père") and p.family == "Roussel":
        partner = "Michel" if p.given == "Jeanne" else "Jeanne"
        lines.append(f"RELATED;TYPE=spouse:urn:uuid:{uids[partner + ' Roussel']}")
    lines.append(f"REV:{_stamp(rng)}")
    lines.append(f"UID:{uids[p.key + ('/2' if second else '')]}")
    lines.append("END:VCARD")
    return lines


def _render_vcf(rng: random.Random, people: list[Person], later: random.Random) -> str:
    cards: list[tuple[Person | None, bool]] = []
    for p in people:
        if "phone.vcf" in p.files:
            cards.append((p, False))
            if p.quirk("second-card", "phone.vcf"):
                cards.append((p, True))
    rng.shuffle(cards)
    uids: dict[str, str] = {}
    for p, second in cards:
        uids[p.key + ("/2" if second else "")] = _uid(rng)
        if p.family == "Roussel" and p.role.startswith("grand"):
            uids[p.full_name] = uids[p.key]
    group_uid = _uid(rng)

    physical: list[str] = []
    for p, second in cards:
        p.records.append(("phone.vcf", len(physical) + 1))
        for line in _vcard_person(rng, p, uids, second):
            physical += vcard_fold(line)
    # Cards saved later come last, drawn from their own generator so that the cards above,
    # and every file after this one, stay as they were.
    for p in people:
        if p.quirk("saved-later", "phone.vcf"):
            uids[p.key] = _uid(later)
            p.records.append(("phone.vcf", len(physical) + 1))
            for line in _vcard_person(later, p, uids, False):
                physical += vcard_fold(line)
    # An iCloud group card: the internship colleagues saved in the phone.
    members = [uids[p.key] for p, second in cards if "internship" in p.circles and not second]
    group = ["BEGIN:VCARD", "VERSION:3.0", f"PRODID:{PRODID}", "N:Stage Acme", "FN:Stage Acme"]
    group.append("X-ADDRESSBOOKSERVER-KIND:group")
    group += [f"X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:{uid}" for uid in members]
    group += [f"REV:{_stamp(rng, 2024)}", f"UID:{group_uid}", "END:VCARD"]
    for line in group:
        physical += vcard_fold(line)
    return CRLF.join(physical) + CRLF


# --------------------------------------------------------------------------------------------
# The CSV exports
# --------------------------------------------------------------------------------------------


def _csv_rows(
    header: tuple[str, ...],
    rows: list[tuple[Person, dict[str, str]]],
    file: str,
    first_line: int,
    terminator: str,
) -> str:
    """Write ``rows`` under ``header`` with the csv module and note each row's first line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=terminator)
    writer.writerow(header)
    line = first_line + 1
    for person, cells in rows:
        person.records.append((file, line))
        start = buffer.tell()
        writer.writerow([cells.get(column, "") for column in header])
        line += buffer.getvalue()[start:].count("\n")
    return buffer.getvalue()


def _google_row(rng: random.Random, p: Person) -> dict[str, str]:
    row: dict[str, str] = {}
    given, family = p.given, p.family
    if p.quirk("no-accents", "google.csv"):
        given, family = unaccent(given), unaccent(family)
    if p.quirk("given-family-swapped", "google.csv"):
        given, family = family, given
    row["First Name"], row["Middle Name"], row["Last Name"] = given, p.middle, family
    row["Nickname"] = p.nickname
    if p.org and p.org != SCHOOL and rng.random() < 0.5:
        row["Organization Name"], row["Organization Title"] = p.org, p.title
        row["Organization Department"] = p.dept
    if p.birthday:
        row["Birthday"] = p.birthday
    if p.note and rng.random() < 0.5:
        row["Notes"] = p.note
    if p.key == "p003":  # Camille's brother: a note typed over several lines
        row["Notes"] = "Nouvel appart à Lyon depuis septembre\nPasse chez les parents le dimanche"
    labels = [_pick_label(rng, c) for c in p.circles]
    if p.circles[0] in ("family", "friends") and rng.random() < 0.25:
        labels.append("* starred")
    row["Labels"] = " ::: ".join([*dict.fromkeys(labels), "* myContacts"])
    emails = [
        (label, address)
        for label, address in (
            ("* Home", p.home_email),
            ("* Other", p.school_email),
            ("* Work", p.work_email),
        )
        if address
    ]
    for n, (label, address) in enumerate(emails[:2], start=1):
        if p.quirk("email-case", "google.csv") and n == 1:
            local, _, domain = address.partition("@")
            address = ".".join(w.capitalize() for w in local.split(".")) + "@" + domain
        row[f"E-mail {n} - Label"], row[f"E-mail {n} - Value"] = label, address
    phones = []
    if p.mobile:
        style = rng.choices(("international", "national"), (4, 1))[0]
        value = format_phone(p.mobile, style)
        if p.mobile2:
            value += " ::: " + format_phone(p.mobile2, "international")
        phones.append(("Mobile", value))
    if p.landline:
        phones.append(("Home", format_phone(p.landline, "international")))
    for n, (label, value) in enumerate(phones, start=1):
        row[f"Phone {n} - Label"], row[f"Phone {n} - Value"] = label, value
    if p.street and rng.random() < 0.5:
        row["Address 1 - Label"] = "Home"
        row["Address 1 - Formatted"] = f"{p.street}\n{p.postcode} {p.city}\nFR"
        row["Address 1 - Street"], row["Address 1 - City"] = p.street, p.city
        row["Address 1 - Postal Code"], row["Address 1 - Country"] = p.postcode, "FR"
    if p.website:
        row["Website 1 - Label"], row["Website 1 - Value"] = "Blog", p.website
    return row


def _render_google(rng: random.Random, people: list[Person]) -> str:
    chosen = [p for p in people if "google.csv" in p.files]
    rng.shuffle(chosen)
    rows = [(p, _google_row(rng, p)) for p in chosen]
    return _csv_rows(GOOGLE_HEADER, rows, "google.csv", 1, CRLF)


def _render_linkedin(rng: random.Random, people: list[Person]) -> str:
    chosen = [p for p in people if "Connections.csv" in p.files]
    rng.shuffle(chosen)
    chosen.sort(key=lambda p: p.connected_on, reverse=True)  # LinkedIn lists newest first
    rows = []
    for p in chosen:
        given, family = p.given, p.family
        if p.quirk("no-accents", "Connections.csv"):
            given, family = unaccent(given), unaccent(family)
        email = ""
        if p.quirk("email-case", "outlook.csv"):
            email = p.work_email.lower()
        elif rng.random() < 0.12:
            email = p.home_email or p.school_email
        company, position = p.org, p.title
        if p.circles[0] == "studies" and p.org == SCHOOL:
            company = SCHOOL_LONG
        year, month, day = p.connected_on
        cells = {
            "First Name": given,
            "Last Name": family,
            "URL": p.linkedin,
            "Email Address": email,
            "Company": company,
            "Position": position,
            "Connected On": f"{day:02d} {MONTHS[month - 1]} {year}",
        }
        rows.append((p, cells))
    preamble = "\n".join(LINKEDIN_PREAMBLE) + "\n"
    body = _csv_rows(LINKEDIN_HEADER, rows, "Connections.csv", len(LINKEDIN_PREAMBLE) + 1, "\n")
    return "\ufeff" + preamble + body


def _outlook_row(rng: random.Random, p: Person) -> dict[str, str]:
    address = p.work_email
    if p.quirk("email-case", "outlook.csv"):
        local, _, domain = address.partition("@")
        address = ".".join(w.capitalize() for w in local.split(".")) + "@" + domain
    initials = "".join(w[0] + "." for w in (p.given, p.family))
    row = {
        "Prénom": p.given,
        "Nom": p.family,
        "Société": ACME,
        "Service": p.dept,
        "Rue (bureau)": "12 allée des Forges",
        "Ville (bureau)": "Villeurbanne",
        "Code postal (bureau)": "69100",
        "Pays/Région (bureau)": "France",
        "Adresse de messagerie": address,
        "Type de messagerie": "SMTP",
        "Nom complet de l'adresse de messagerie": f"{p.full_name} ({address})",
        "Anniversaire": "0/0/00",
        "Anniversaire de mariage ou fête": "0/0/00",
        "Catégories": ";".join(["Stage", f"Équipe {p.dept}"]),
        "Critère de diffusion": "Normal",
        "Initiales": initials,
        "Priorité": "Normale",
        "Privé": "Faux",
        "Sexe": "Non spécifié",
        "Notes": p.note,
    }
    if p.office:
        row["Téléphone (bureau)"] = format_phone(p.office, "national")
    if p.mobile and rng.random() < 0.7:
        row["Tél. mobile"] = format_phone(p.mobile, rng.choice(("international", "national")))
    return row


def _render_outlook(rng: random.Random, people: list[Person]) -> str:
    chosen = [p for p in people if "outlook.csv" in p.files]
    rng.shuffle(chosen)
    text = io.StringIO()
    line = 2
    text.write(",".join(f'"{c}"' for c in OUTLOOK_HEADER) + CRLF)
    for p in chosen:
        p.records.append(("outlook.csv", line))
        cells = _outlook_row(rng, p)
        # Column positions, since "Titre" is there twice (the job title is the second one).
        values = [cells.get(column, "") for column in OUTLOOK_HEADER]
        values[7] = p.title
        out = []
        for column, value in zip(OUTLOOK_HEADER, values, strict=True):
            if not value and column in OUTLOOK_BARE_WHEN_EMPTY:
                out.append("")
            else:
                out.append('"' + value.replace('"', '""') + '"')
        row = ",".join(out) + CRLF
        text.write(row)
        line += row.count("\n")
    return text.getvalue()


# --------------------------------------------------------------------------------------------
# truth.csv and README.md
# --------------------------------------------------------------------------------------------

QUIRK_TEXT = {
    "no-accents": "written without accents in {file}",
    "given-family-swapped": "given and family names swapped in {file}",
    "email-case": "e-mail written with capitals in {file}",
    "nickname-only": "saved under a nickname only in {file}",
    "phone-only-card": "card with a phone number only (no name) in {file}",
    "second-card": "saved twice in {file} (second card: office line only)",
    "two-mobiles": 'two mobiles in one cell (" ::: ") in {file}',
    "photo": "small base64 PHOTO in {file}",
    "saved-later": "a friend found on LinkedIn alone, saved later in {file}, after the other cards",
}


def _notes(p: Person) -> str:
    notes = list(p.remarks)
    for quirk in p.quirks:
        name, _, file = quirk.partition(":")
        notes.append(QUIRK_TEXT[name].format(file=file))
    if p.doubtful_with:
        notes.append(f"a different person from {p.doubtful_with} despite the similar name")
    return "; ".join(notes)


def _render_truth(people: list[Person]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["person_key", "full_name", "circles", "records", "doubtful_with", "notes"])
    for p in people:
        records = ";".join(
            f"{file}:{line}"
            for file, line in sorted(p.records, key=lambda r: (FILES.index(r[0]), r[1]))
        )
        writer.writerow(
            [p.key, p.full_name, ";".join(p.circles), records, p.doubtful_with, _notes(p)]
        )
    return buffer.getvalue()


def _render_readme(seed: int, people: list[Person]) -> str:
    counts = {name: sum(r[0] == name for p in people for r in p.records) for name in FILES}
    circles = {c: sum(c in p.circles for p in people) for c in CIRCLE_LABELS}
    lines = [
        "# Sample data: Camille Durand's contacts (fictitious)",
        "",
        "Everything here is **fictitious**: the people, names, e-mail addresses, phone numbers,",
        "companies and LinkedIn addresses were drawn at random from small built-in lists by",
        f"`scripts/make_samples.py` with seed **{seed}**. Any resemblance to real people is a",
        "coincidence. E-mail domains are reserved example domains (`example.org`, `.example`);",
        "phone numbers are in the ranges ARCEP keeps for fiction (06 39 98 xx xx, 01 99 00 xx xx).",
        "",
        "Do not edit these files by hand: change the script and run",
        "`python scripts/make_samples.py` (the same seed always writes the same bytes;",
        "`tests/test_samples.py` checks it).",
        "",
        "Camille Durand, a French engineering student (ESIV, a made-up school), is just back from",
        f"an internship at Acme Industries (made up too). Her network has {len(people)} people:",
        ", ".join(f"{n} in {c}" for c, n in circles.items()) + " (some are in two circles).",
        "",
        "| file | what it is | records |",
        "|---|---|---|",
        f"| `phone.vcf` | iPhone export, vCard 3.0, CRLF, folded lines, CATEGORIES, one iCloud "
        f"group card | {counts['phone.vcf']} cards + 1 group |",
        f"| `google.csv` | Google Contacts export (CRLF, multi-line cells, `:::` lists) "
        f"| {counts['google.csv']} rows |",
        f"| `Connections.csv` | LinkedIn export: UTF-8 with BOM, 3-line `Notes:` preamble, "
        f"most e-mails empty | {counts['Connections.csv']} rows |",
        f"| `outlook.csv` | French Outlook export from Acme Industries (UTF-8 with BOM, CRLF; "
        f"`Titre` twice, as Outlook writes it) | {counts['outlook.csv']} rows |",
        f"| `truth.csv` | the generator's ground truth: one row per person | {len(people)} rows |",
        "",
        "`circles.toml` is written by hand, not by the script: Camille's circle rules for these",
        "exports (`netmap rules load data/samples/circles.toml`). With them, `netmap circles`",
        "puts every person in the circles `truth.csv` gives (`tests/test_circles.py` checks it).",
        "",
        "`truth.csv` columns: `person_key`; `full_name`; `circles` (`;`-joined: family, studies,",
        "internship, friends, work); `records`, every card or row of that person as `file:line`",
        "(the 1-based physical line where the card or row starts, `;`-joined); `doubtful_with`,",
        "the key of a *different* person with a look-alike name (never to be merged",
        "automatically); `notes`, the variations written for that person. Every card or row of",
        "the four exports belongs to exactly one person, except the iCloud group card.",
        "",
        "Variations identity matching has to see through: accents dropped (`Léa Martin` /",
        "`Lea Martin`), e-mail case, phone formats (`06 39 98 12 34` / `+33 6 39 98 12 34` /",
        "`0639981234`), given and family names swapped, a nickname-only card, a card with a",
        "phone number only, a person saved twice, `Maman`. Look-alike pairs that are different",
        "people: `Jon Petit` / `John Petit`, `Émilie Lefebvre` / `Émilie Lefèvre`,",
        "`Mathis Roux` / `Mathys Roux`. Camille's grandparents share one landline.",
        "",
        "Other quirks: an `itemN.X-ABLabel` label, `X-ABRELATEDNAMES` with `_$!<Mother>!$_`,",
        "`X-SPOUSE` and `RELATED;TYPE=spouse:urn:uuid:...` pointing at known people, a birthday",
        "without a year (`X-APPLE-OMIT-YEAR`), a small base64 `PHOTO`, French and English",
        "category labels.",
        "",
    ]
    return "\n".join(lines)


def render_samples(seed: int = DEFAULT_SEED) -> dict[str, bytes]:
    """Build every sample file in memory.

    Parameters
    ----------
    seed : int
        Seed of the random draws.

    Returns
    -------
    dict of str to bytes
        File name to content, for the four exports, ``truth.csv`` and ``README.md``.

    Examples
    --------
    >>> files = render_samples()
    >>> sorted(files)
    ['Connections.csv', 'README.md', 'google.csv', 'outlook.csv', 'phone.vcf', 'truth.csv']
    >>> files["Connections.csv"][:10]
    b'\\xef\\xbb\\xbfNotes:\\n'
    >>> render_samples() == files
    True
    """
    people = build_people(seed)
    rng = random.Random(f"render-{seed}")
    texts = {
        "phone.vcf": _render_vcf(rng, people, random.Random(f"later-{seed}")),
        "google.csv": _render_google(rng, people),
        "Connections.csv": _render_linkedin(rng, people),
        "outlook.csv": "\ufeff" + _render_outlook(rng, people),
    }
    texts["truth.csv"] = _render_truth(people)
    texts["README.md"] = _render_readme(seed, people)
    return {name: text.encode("utf-8") for name, text in texts.items()}


def write_samples(out: Path, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write every sample file into ``out`` (created if needed); return their sizes in bytes."""
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, data in render_samples(seed).items():
        (out / name).write_bytes(data)
        sizes[name] = len(data)
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python scripts/make_samples.py [--seed N] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "samples", help="output folder")
    args = parser.parse_args(argv)
    for name, size in write_samples(args.out, args.seed).items():
        print(f"wrote {args.out / name} ({size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
