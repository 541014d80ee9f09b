"""Header vocabularies of the contact CSV exports that netmap recognises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["EXTRA_KEYS", "GENERIC", "LAYOUTS", "MAP_TARGETS", "Layout", "Target", "header_key"]


class Target(NamedTuple):
    """Where one CSV column goes in a :class:`~netmap.model.SourceRecord`.

    ``field`` is one of ``full_name given family middle prefix suffix nickname org department
    title role notes uid email phone url related address birthday birth_year birth_month
    birth_day date groups extra``. ``types`` are the type words given to emails, phones, URLs,
    relations and addresses; ``slot`` groups the columns of one address (``home``, ``work``) and
    ``part`` names the piece of it (``street``, ``city``...); ``key`` names a ``dates`` entry
    (or, for ``extra``, the key the cell is kept under instead of the column's name).
    """

    field: str
    types: tuple[str, ...] = ()
    slot: str = ""
    part: str = ""
    key: str = ""


@dataclass(frozen=True)
class Layout:
    """One known export layout: its name, its columns and what marks a header as its own.

    ``signature`` holds the column keys that only this layout uses; a header needs one of
    them (and two known columns) to be taken for this layout. ``repeated`` gives the meaning
    of a column name the export itself repeats (French Outlook's two ``Titre`` columns), in
    order of appearance. ``dates`` is how day and month are ordered in its dates (``mdy``,
    ``dmy``, ``ymd`` or ``auto``). ``numbered`` is ``"Label"``/``"Type"`` for Google's ``E-mail
    1 - Value`` columns (see :mod:`netmap.importers.csv_google`).
    """

    name: str
    columns: dict[str, Target]
    signature: frozenset[str]
    dates: str = "auto"
    numbered: str = ""
    repeated: dict[str, tuple[Target, ...]] = field(default_factory=dict)


def header_key(name: str) -> str:
    """Fold a column name to the key it is looked up by: letters and digits, case-folded.

    Examples
    --------
    >>> header_key(" E-mail 2 Address ")
    'email2address'
    >>> header_key("first_name") == header_key("First Name")
    True
    """
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _t(field: str, *types: str, slot: str = "", part: str = "", key: str = "") -> Target:
    return Target(field, tuple(types), slot, part, key)


_EXTRA = _t("extra")


def _vocab(pairs: dict[str, Target], extra: tuple[str, ...] = ()) -> dict[str, Target]:
    out = {header_key(k): v for k, v in pairs.items()}
    out.update({header_key(k): _EXTRA for k in extra})
    return out


def _addresses(pattern: str, slots: dict[str, str], parts: dict[str, str]) -> dict[str, Target]:
    """Address columns built from a pattern such as ``"{slot} {part}"``."""
    out = {}
    for slot_word, slot in slots.items():
        for part_word, part in parts.items():
            types = (slot,) if slot else ()
            out[pattern.format(slot=slot_word, part=part_word)] = _t(
                "address", *types, slot=slot, part=part
            )
    return out


# --- Outlook (English) ------------------------------------------------------------------
_OUTLOOK_EN = _vocab(
    {
        "Title": _t("prefix"),
        "First Name": _t("given"),
        "Middle Name": _t("middle"),
        "Last Name": _t("family"),
        "Suffix": _t("suffix"),
        "Nickname": _t("nickname"),
        "Company": _t("org"),
        "Department": _t("department"),
        "Job Title": _t("title"),
        "Profession": _t("role"),
        **_addresses(
            "{slot} {part}",
            {"Business": "work", "Home": "home", "Other": "other"},
            {
                "Street": "street",
                "Street 2": "street2",
                "Street 3": "street3",
                "City": "city",
                "State": "region",
                "Postal Code": "postcode",
                "Country/Region": "country",
                "Country": "country",
                "Address PO Box": "pobox",
            },
        ),
        "Assistant's Phone": _t("phone", "assistant"),
        "Business Fax": _t("phone", "work", "fax"),
        "Business Phone": _t("phone", "work"),
        "Business Phone 2": _t("phone", "work"),
        "Callback": _t("phone", "callback"),
        "Car Phone": _t("phone", "car"),
        "Company Main Phone": _t("phone", "work", "main"),
        "Home Fax": _t("phone", "home", "fax"),
        "Home Phone": _t("phone", "home"),
        "Home Phone 2": _t("phone", "home"),
        "ISDN": _t("phone", "isdn"),
        "Mobile Phone": _t("phone", "cell"),
        "Other Fax": _t("phone", "other", "fax"),
        "Other Phone": _t("phone", "other"),
        "Pager": _t("phone", "pager"),
        "Primary Phone": _t("phone", "pref"),
        "Radio Phone": _t("phone", "radio"),
        "TTY/TDD Phone": _t("phone", "textphone"),
        "Telex": _t("phone", "telex"),
        "E-mail Address": _t("email"),
        "E-mail 2 Address": _t("email"),
        "E-mail 3 Address": _t("email"),
        "Anniversary": _t("date", key="anniversary"),
        "Birthday": _t("birthday"),
        "Categories": _t("groups"),
        "Notes": _t("notes"),
        "Web Page": _t("url"),
        "Spouse": _t("related", "spouse"),
        "Children": _t("related", "child"),
        "Manager's Name": _t("related", "manager"),
        "Assistant's Name": _t("related", "assistant"),
        "Referred By": _t("related", "referred-by"),
    },
    extra=(
        "Account", "Billing Information", "Directory Server", "E-mail Type",
        "E-mail Display Name", "E-mail 2 Type", "E-mail 2 Display Name", "E-mail 3 Type",
        "E-mail 3 Display Name", "Gender", "Government ID Number", "Hobby", "Initials",
        "Internet Free Busy", "Keywords", "Language", "Location", "Mileage", "Office Location",
        "Organizational ID Number", "Priority", "Private", "Sensitivity", "User 1", "User 2",
        "User 3", "User 4",
    ),
)  # fmt: skip

_OUTLOOK_EN_SIGNATURE = frozenset(
    header_key(k)
    for k in (
        "Job Title", "Business Street", "Business City", "Business Postal Code",
        "Business Country/Region", "Home Street", "Home Postal Code", "Home Country/Region",
        "Other Street", "Business Phone", "Business Fax", "Mobile Phone", "Company Main Phone",
        "Primary Phone", "E-mail 2 Address", "E-mail 3 Address",
        "E-mail Type", "E-mail Display Name", "Categories", "Manager's Name", "Assistant's Name",
        "Business Address PO Box", "Home Address PO Box", "Internet Free Busy",
    )
)  # fmt: skip

# --- Outlook (French) -------------------------------------------------------------------
_FR_SLOTS = {"bureau": "work", "domicile": "home", "autre": "other"}
_OUTLOOK_FR = _vocab(
    {
        "Prénom": _t("given"),
        "Deuxième prénom": _t("middle"),
        "Nom": _t("family"),
        "Nom de famille": _t("family"),
        "Suffixe": _t("suffix"),
        "Surnom": _t("nickname"),
        "Société": _t("org"),
        "Service": _t("department"),
        "Titre": _t("title"),
        "Profession": _t("role"),
        **_addresses(
            "{part} ({slot})",
            _FR_SLOTS,
            {
                "Rue": "street",
                "Ville": "city",
                "Dép/Région": "region",
                "Code postal": "postcode",
                "Pays": "country",
                "Pays/Région": "country",
            },
        ),
        **_addresses("Rue ({slot}) 2", _FR_SLOTS, {"": "street2"}),
        **_addresses("Rue ({slot}) 3", _FR_SLOTS, {"": "street3"}),
        "B.P. professionnelle": _t("address", "work", slot="work", part="pobox"),
        "Boîte postale du domicile": _t("address", "home", slot="home", part="pobox"),
        "Autre boîte postale": _t("address", "other", slot="other", part="pobox"),
        "Téléphone de l'assistant(e)": _t("phone", "assistant"),
        "Télécopie (bureau)": _t("phone", "work", "fax"),
        "Téléphone (bureau)": _t("phone", "work"),
        "Téléphone 2 (bureau)": _t("phone", "work"),
        "Rappel": _t("phone", "callback"),
        "Téléphone (voiture)": _t("phone", "car"),
        "Téléphone société": _t("phone", "work", "main"),
        "Télécopie (domicile)": _t("phone", "home", "fax"),
        "Téléphone (domicile)": _t("phone", "home"),
        "Téléphone 2 (domicile)": _t("phone", "home"),
        "RNIS": _t("phone", "isdn"),
        "Tél. mobile": _t("phone", "cell"),
        "Téléphone mobile": _t("phone", "cell"),
        "Télécopie (autre)": _t("phone", "other", "fax"),
        "Téléphone (autre)": _t("phone", "other"),
        "Récepteur de radiomessagerie": _t("phone", "pager"),
        "Téléphone principal": _t("phone", "pref"),
        "Radio téléphone": _t("phone", "radio"),
        "Téléphone TDD/TTY": _t("phone", "textphone"),
        "Télex": _t("phone", "telex"),
        "Adresse de messagerie": _t("email"),
        "Adresse de messagerie 2": _t("email"),
        "Adresse de messagerie 3": _t("email"),
        "Anniversaire": _t("birthday"),
        "Anniversaire de mariage ou fête": _t("date", key="anniversary"),
        "Catégories": _t("groups"),
        "Notes": _t("notes"),
        "Page Web": _t("url"),
        "Conjoint(e)": _t("related", "spouse"),
        "Enfants": _t("related", "child"),
        "Responsable": _t("related", "manager"),
        "Nom de l'assistant(e)": _t("related", "assistant"),
        "Recommandé par": _t("related", "referred-by"),
    },
    extra=(
        "Type de messagerie", "Nom complet de l'adresse de messagerie", "Type de messagerie 2",
        "Nom complet de l'adresse de messagerie 2", "Type de messagerie 3",
        "Nom complet de l'adresse de messagerie 3", "Bureau", "Code gouvernement", "Compte",
        "Critère de diffusion", "Disponibilité Internet", "Emplacement",
        "Informations facturation", "Initiales", "Kilométrage", "Langue", "Mots clés",
        "Numéro d'identification de l'organisation", "Passe-temps", "Priorité", "Privé",
        "Serveur d'annuaire", "Sexe", "Utilisateur 1", "Utilisateur 2", "Utilisateur 3",
        "Utilisateur 4",
    ),
)  # fmt: skip

# --- Outlook (German) -------------------------------------------------------------------
_DE_SLOTS = {"geschäftlich": "work", "privat": "home"}
_OUTLOOK_DE = _vocab(
    {
        "Anrede": _t("prefix"),
        "Vorname": _t("given"),
        "Weitere Vornamen": _t("middle"),
        "Nachname": _t("family"),
        "Suffix": _t("suffix"),
        "Spitzname": _t("nickname"),
        "Firma": _t("org"),
        "Abteilung": _t("department"),
        "Position": _t("title"),
        "Beruf": _t("role"),
        **_addresses(
            "{part} {slot}",
            _DE_SLOTS,
            {
                "Straße": "street",
                "Ort": "city",
                "Region": "region",
                "Bundesland/Kanton": "region",
                "Postleitzahl": "postcode",
                "Land/Region": "country",
                "Postfach": "pobox",
            },
        ),
        **_addresses("Straße {slot} 2", _DE_SLOTS, {"": "street2"}),
        **_addresses("Straße {slot} 3", _DE_SLOTS, {"": "street3"}),
        "Weitere Straße": _t("address", "other", slot="other", part="street"),
        "Weitere Straße 2": _t("address", "other", slot="other", part="street2"),
        "Weitere Straße 3": _t("address", "other", slot="other", part="street3"),
        "Weiterer Ort": _t("address", "other", slot="other", part="city"),
        "Weiteres/r Bundesland/Kanton": _t("address", "other", slot="other", part="region"),
        "Weitere Postleitzahl": _t("address", "other", slot="other", part="postcode"),
        "Weiteres/e Land/Region": _t("address", "other", slot="other", part="country"),
        "Weiteres Postfach": _t("address", "other", slot="other", part="pobox"),
        "Telefon Assistent": _t("phone", "assistant"),
        "Fax geschäftlich": _t("phone", "work", "fax"),
        "Telefon geschäftlich": _t("phone", "work"),
        "Telefon geschäftlich 2": _t("phone", "work"),
        "Rückmeldung": _t("phone", "callback"),
        "Autotelefon": _t("phone", "car"),
        "Telefon Firma": _t("phone", "work", "main"),
        "Fax privat": _t("phone", "home", "fax"),
        "Telefon (privat)": _t("phone", "home"),
        "Telefon (privat 2)": _t("phone", "home"),
        "Telefon privat": _t("phone", "home"),
        "ISDN": _t("phone", "isdn"),
        "Mobiltelefon": _t("phone", "cell"),
        "Mobiltelefon 2": _t("phone", "cell"),
        "Weiteres Fax": _t("phone", "other", "fax"),
        "Weiteres Telefon": _t("phone", "other"),
        "Pager": _t("phone", "pager"),
        "Haupttelefon": _t("phone", "pref"),
        "Telefon für Hörbehinderte": _t("phone", "textphone"),
        "Telex": _t("phone", "telex"),
        "E-Mail-Adresse": _t("email"),
        "E-Mail 2: Adresse": _t("email"),
        "E-Mail 3: Adresse": _t("email"),
        "Geburtstag": _t("birthday"),
        "Jahrestag": _t("date", key="anniversary"),
        "Kategorien": _t("groups"),
        "Notizen": _t("notes"),
        "Webseite": _t("url"),
        "Partner": _t("related", "spouse"),
        "Kinder": _t("related", "child"),
        "Name des/r Vorgesetzten": _t("related", "manager"),
        "Assistent(in)": _t("related", "assistant"),
        "Empfohlen von": _t("related", "referred-by"),
    },
    extra=(
        "Abrechnungsinformation", "Benutzer 1", "Benutzer 2", "Benutzer 3", "Benutzer 4",
        "Büro", "E-Mail-Typ", "E-Mail: Angezeigter Name", "E-Mail 2: Typ",
        "E-Mail 2: Angezeigter Name", "E-Mail 3: Typ", "E-Mail 3: Angezeigter Name",
        "Geschlecht", "Hobby", "Initialen", "Internet Frei/Gebucht", "Konto",
        "Organisationsnr.", "Ort", "Priorität", "Privat", "Reisekilometer",
        "Sozialversicherungsnr.", "Sprache", "Stichwörter", "Vertraulichkeit",
        "Verzeichnisserver",
    ),
)  # fmt: skip

# --- Thunderbird ------------------------------------------------------------------------
_THUNDERBIRD = _vocab(
    {
        "First Name": _t("given"),
        "Last Name": _t("family"),
        "Display Name": _t("full_name"),
        "Nickname": _t("nickname"),
        "Primary Email": _t("email", "pref"),
        "Secondary Email": _t("email"),
        "Work Phone": _t("phone", "work"),
        "Home Phone": _t("phone", "home"),
        "Fax Number": _t("phone", "fax"),
        "Pager Number": _t("phone", "pager"),
        "Mobile Number": _t("phone", "cell"),
        **_addresses(
            "{slot} {part}",
            {"Home": "home", "Work": "work"},
            {
                "Address": "street",
                "Address 2": "street2",
                "City": "city",
                "State": "region",
                "ZipCode": "postcode",
                "Country": "country",
            },
        ),
        "Job Title": _t("title"),
        "Department": _t("department"),
        "Organization": _t("org"),
        "Web Page 1": _t("url", "work"),
        "Web Page 2": _t("url", "home"),
        "Birth Year": _t("birth_year"),
        "Birth Month": _t("birth_month"),
        "Birth Day": _t("birth_day"),
        "Notes": _t("notes"),
    },
    extra=("Screen Name", "Custom 1", "Custom 2", "Custom 3", "Custom 4"),
)
_THUNDERBIRD_SIGNATURE = frozenset(
    header_key(k)
    for k in (
        "Display Name", "Primary Email", "Secondary Email", "Screen Name", "Fax Number",
        "Pager Number", "Mobile Number", "Home Address 2", "Work Address 2", "Home ZipCode",
        "Work ZipCode", "Web Page 1", "Web Page 2", "Birth Year", "Birth Month", "Custom 1",
    )
)  # fmt: skip

# --- LinkedIn Connections.csv -----------------------------------------------------------
_LINKEDIN = _vocab(
    {
        "First Name": _t("given"),
        "Last Name": _t("family"),
        "URL": _t("url", "linkedin"),
        "Email Address": _t("email"),
        "Company": _t("org"),
        "Position": _t("title"),
        "Connected On": _t("date", key="connected_on"),
    }
)

# --- Google Contacts --------------------------------------------------------------------
_GOOGLE_COMMON = {
    "Name Prefix": _t("prefix"),
    "Name Suffix": _t("suffix"),
    "Nickname": _t("nickname"),
    "Birthday": _t("birthday"),
    "Notes": _t("notes"),
}
_GOOGLE = _vocab(
    {
        **_GOOGLE_COMMON,
        "First Name": _t("given"),
        "Middle Name": _t("middle"),
        "Last Name": _t("family"),
        "Organization Name": _t("org"),
        "Organization Title": _t("title"),
        "Organization Department": _t("department"),
        "Labels": _t("groups"),
    },
    extra=("Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "File As",
           "Photo"),
)  # fmt: skip
_GOOGLE_SIGNATURE = frozenset(
    header_key(k)
    for k in ("Organization Name", "Organization Title", "Organization Department", "Labels",
              "File As", "Phonetic First Name", "Phonetic Last Name")
)  # fmt: skip
_GOOGLE_LEGACY = _vocab(
    {
        **_GOOGLE_COMMON,
        "Name": _t("full_name"),
        "Given Name": _t("given"),
        "Additional Name": _t("middle"),
        "Family Name": _t("family"),
        "Occupation": _t("role"),
        "Group Membership": _t("groups"),
    },
    extra=(
        "Yomi Name", "Given Name Yomi", "Additional Name Yomi", "Family Name Yomi", "Initials",
        "Short Name", "Maiden Name", "Gender", "Location", "Billing Information",
        "Directory Server", "Mileage", "Hobby", "Sensitivity", "Priority", "Subject",
    ),
)  # fmt: skip
_GOOGLE_LEGACY_SIGNATURE = frozenset(
    header_key(k)
    for k in ("Given Name", "Family Name", "Additional Name", "Group Membership",
              "Given Name Yomi", "Family Name Yomi")
)  # fmt: skip

# --- Generic: common column names of hand-made and other tools' CSV files ----------------
_GENERIC_ADDRESS_PARTS = {
    "Street": "street",
    "Address": "street",
    "Street 1": "street",
    "Address 1": "street",
    "Address Line 1": "street",
    "Street 2": "street2",
    "Address 2": "street2",
    "Address Line 2": "street2",
    "City": "city",
    "Town": "city",
    "Locality": "city",
    "State": "region",
    "Region": "region",
    "Province": "region",
    "County": "region",
    "Zip": "postcode",
    "Zip Code": "postcode",
    "Postcode": "postcode",
    "Postal Code": "postcode",
    "Country": "country",
    "Country/Region": "country",
    "PO Box": "pobox",
}
GENERIC: dict[str, Target] = _vocab(
    {
        "Name": _t("full_name"),
        "Full Name": _t("full_name"),
        "Display Name": _t("full_name"),
        "Contact Name": _t("full_name"),
        "Contact": _t("full_name"),
        "First Name": _t("given"),
        "Firstname": _t("given"),
        "First": _t("given"),
        "Given Name": _t("given"),
        "Forename": _t("given"),
        "Last Name": _t("family"),
        "Lastname": _t("family"),
        "Last": _t("family"),
        "Surname": _t("family"),
        "Family Name": _t("family"),
        "Middle Name": _t("middle"),
        "Middle": _t("middle"),
        "Additional Name": _t("middle"),
        "Prefix": _t("prefix"),
        "Name Prefix": _t("prefix"),
        "Salutation": _t("prefix"),
        "Suffix": _t("suffix"),
        "Name Suffix": _t("suffix"),
        "Nickname": _t("nickname"),
        "Nick": _t("nickname"),
        "Email": _t("email"),
        "Emails": _t("email"),
        "Email Address": _t("email"),
        "Mail": _t("email"),
        "Primary Email": _t("email", "pref"),
        "Secondary Email": _t("email"),
        "Email 1": _t("email"),
        "Email 2": _t("email"),
        "Email 3": _t("email"),
        "Email Home": _t("email", "home"),
        "Home Email": _t("email", "home"),
        "Personal Email": _t("email", "home"),
        "Email Work": _t("email", "work"),
        "Work Email": _t("email", "work"),
        "Business Email": _t("email", "work"),
        "Email Other": _t("email", "other"),
        "Other Email": _t("email", "other"),
        "Phone": _t("phone"),
        "Phones": _t("phone"),
        "Phone Number": _t("phone"),
        "Telephone": _t("phone"),
        "Tel": _t("phone"),
        "Mobile": _t("phone", "cell"),
        "Mobile Phone": _t("phone", "cell"),
        "Mobile Number": _t("phone", "cell"),
        "Cell": _t("phone", "cell"),
        "Cell Phone": _t("phone", "cell"),
        "Home Mobile": _t("phone", "home", "cell"),
        "Work Mobile": _t("phone", "work", "cell"),
        "Home Phone": _t("phone", "home"),
        "Home Phone 2": _t("phone", "home"),
        "Work Phone": _t("phone", "work"),
        "Business Phone": _t("phone", "work"),
        "Business Phone 2": _t("phone", "work"),
        "Office Phone": _t("phone", "work"),
        "Primary Phone": _t("phone", "pref"),
        "Other Phone": _t("phone", "other"),
        "Fax": _t("phone", "fax"),
        "Home Fax": _t("phone", "home", "fax"),
        "Business Fax": _t("phone", "work", "fax"),
        "Work Fax": _t("phone", "work", "fax"),
        "Pager": _t("phone", "pager"),
        "Car Phone": _t("phone", "car"),
        "Assistant's Phone": _t("phone", "assistant"),
        "Company": _t("org"),
        "Company Name": _t("org"),
        "Organization": _t("org"),
        "Organisation": _t("org"),
        "Org": _t("org"),
        "Employer": _t("org"),
        "Department": _t("department"),
        "Dept": _t("department"),
        "Title": _t("title"),
        "Job Title": _t("title"),
        "Position": _t("title"),
        "Role": _t("role"),
        "Occupation": _t("role"),
        "Profession": _t("role"),
        "Website": _t("url"),
        "Web Site": _t("url"),
        "Web Page": _t("url"),
        "Homepage": _t("url"),
        "URL": _t("url"),
        "Website Home": _t("url", "home"),
        "Website Home Page": _t("url", "home"),
        "Website Work": _t("url", "work"),
        "Website Blog": _t("url", "blog"),
        "Website Profile": _t("url", "profile"),
        "Website Other": _t("url", "other"),
        "LinkedIn": _t("url", "linkedin"),
        "LinkedIn URL": _t("url", "linkedin"),
        "Notes": _t("notes"),
        "Note": _t("notes"),
        "Comments": _t("notes"),
        "Comment": _t("notes"),
        "Birthday": _t("birthday"),
        "Birth Date": _t("birthday"),
        "Date of Birth": _t("birthday"),
        "DOB": _t("birthday"),
        "Anniversary": _t("date", key="anniversary"),
        "Connected On": _t("date", key="connected_on"),
        "Groups": _t("groups"),
        "Group": _t("groups"),
        "Group Membership": _t("groups"),
        "Tags": _t("groups"),
        "Labels": _t("groups"),
        "Categories": _t("groups"),
        "Category": _t("groups"),
        "Lists": _t("groups"),
        "Spouse": _t("related", "spouse"),
        "Partner": _t("related", "spouse"),
        "Manager": _t("related", "manager"),
        "Manager's Name": _t("related", "manager"),
        "Assistant": _t("related", "assistant"),
        "Assistant's Name": _t("related", "assistant"),
        "UID": _t("uid"),
        "Closeness": _t("extra", key="closeness"),
        "Interactions": _t("extra", key="interactions"),
        "Last Contact": _t("date", key="last_contact"),
        "Last Contacted": _t("date", key="last_contact"),
        **_addresses("{part}", {"": ""}, _GENERIC_ADDRESS_PARTS),
        **_addresses(
            "{slot} {part}",
            {"Home": "home", "Work": "work", "Business": "work", "Other": "other"},
            _GENERIC_ADDRESS_PARTS,
        ),
        # Tine 2.0 / eGroupWare column names
        "n_given": _t("given"),
        "n_family": _t("family"),
        "n_middle": _t("middle"),
        "n_prefix": _t("prefix"),
        "n_fn": _t("full_name"),
        "org_name": _t("org"),
        "org_unit": _t("department"),
        "email_home": _t("email", "home"),
        "tel_work": _t("phone", "work"),
        "tel_home": _t("phone", "home"),
        "tel_cell": _t("phone", "cell"),
        "tel_cell_private": _t("phone", "home", "cell"),
        "tel_fax": _t("phone", "work", "fax"),
        "tel_fax_home": _t("phone", "home", "fax"),
        "tel_pager": _t("phone", "pager"),
        **_addresses(
            "adr_{slot}_{part}",
            {"one": "work", "two": "home"},
            {
                "street": "street",
                "street2": "street2",
                "locality": "city",
                "region": "region",
                "postalcode": "postcode",
                "countryname": "country",
            },
        ),
    }
)

LAYOUTS: tuple[Layout, ...] = (
    Layout("google-csv", _GOOGLE, _GOOGLE_SIGNATURE, dates="ymd", numbered="Label"),
    Layout(
        "google-csv-legacy", _GOOGLE_LEGACY, _GOOGLE_LEGACY_SIGNATURE, dates="ymd", numbered="Type"
    ),
    Layout("linkedin-csv", _LINKEDIN, frozenset({header_key("Connected On")}), dates="dmy"),
    Layout("thunderbird-csv", _THUNDERBIRD, _THUNDERBIRD_SIGNATURE, dates="auto"),
    Layout("outlook-csv", _OUTLOOK_EN, _OUTLOOK_EN_SIGNATURE, dates="mdy"),
    Layout(
        "outlook-csv-fr",
        _OUTLOOK_FR,
        frozenset(_OUTLOOK_FR) - frozenset(_OUTLOOK_EN),
        dates="dmy",
        repeated={header_key("Titre"): (_t("prefix"), _t("title"))},
    ),
    Layout("outlook-csv-de", _OUTLOOK_DE, frozenset(_OUTLOOK_DE) - frozenset(_OUTLOOK_EN), "dmy"),
)
"""The specific layouts, most specific first (a tie in known columns goes to the first)."""

_TYPED = ("email", "phone", "url", "related", "address")
EXTRA_KEYS = ("closeness", "interactions")
"""``--map`` targets kept in ``record.extra[key]`` as written (see :mod:`netmap.tie_strength`)."""
MAP_TARGETS: dict[str, str] = {
    "name": "full_name",
    "full_name": "full_name",
    "given": "given",
    "family": "family",
    "middle": "middle",
    "prefix": "prefix",
    "suffix": "suffix",
    "nickname": "nickname",
    "org": "org",
    "department": "department",
    "title": "title",
    "role": "role",
    "notes": "notes",
    "birthday": "birthday",
    "groups": "groups",
    "uid": "uid",
    "extra": "extra",
    **{t: t for t in _TYPED},
    "date": "date",
    **{key: "extra" for key in EXTRA_KEYS},
}
"""Targets accepted by ``--map`` (``email``, ``phone``, ``url``, ``related`` and ``address``
take ``:type``, e.g. ``phone:cell``; ``date`` needs ``:key``, e.g. ``date:connected_on``;
``closeness`` and ``interactions`` keep the cell in ``extra`` under that name, e.g.
``"Closeness=closeness,Messages=interactions,Last seen=date:last_contact"``)."""
