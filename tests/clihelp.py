"""Helpers for CLI tests: a workspace in tmp_path and tiny export files built in code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from netmap.cli import cli

PHONE_VCF = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Léa Martin\r\nN:Martin;Léa;;;\r\n"
    "EMAIL;TYPE=HOME:lea.martin@example.org\r\nTEL;TYPE=CELL:06 39 98 12 34\r\n"
    "CATEGORIES:Stage\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marc Petit\r\nN:Petit;Marc;;;\r\n"
    "TEL;TYPE=CELL:06 39 98 56 78\r\nORG:Acme Industries;R&D\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jon Petit\r\nN:Petit;Jon;;;\r\nEND:VCARD\r\n"
)

CONNECTIONS_CSV = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Lea,Martin,https://www.linkedin.com/in/lea-martin,,Acme Industries,Intern,12 Mar 2024\n"
    "John,Petit,https://www.linkedin.com/in/john-petit,,Studio Lumen,Designer,02 Feb 2023\n"
    "Ines,Roux,,INES.ROUX@example.org,Acme Industries,Engineer,01 Jan 2024\n"
)


def run(db: Path, *args: str, input: str | None = None):
    """Invoke netmap with ``--db db``; return click's Result."""
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input)


def workspace(tmp_path: Path, me: str = "Camille Durand") -> Path:
    """A fresh workspace whose ego is ``me``."""
    db = tmp_path / "netmap.db"
    result = run(db, "init", "--me", me)
    assert result.exit_code == 0, result.output
    return db


def write(tmp_path: Path, name: str, text: str) -> Path:
    """Write a small export file and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def imported(tmp_path: Path) -> tuple[Path, dict]:
    """A workspace with the phone vCard and the LinkedIn CSV imported; returns the report."""
    db = workspace(tmp_path)
    vcf = write(tmp_path, "phone.vcf", PHONE_VCF)
    csv = write(tmp_path, "Connections.csv", CONNECTIONS_CSV)
    result = run(db, "import", str(vcf), str(csv), "--format", "json")
    assert result.exit_code == 0, result.output
    return db, json.loads(result.output)
