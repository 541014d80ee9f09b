"""Every command has help ending with examples; --help and --version stay light and fast."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from netmap import __version__
from netmap.cli import cli


def _paths(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from _paths(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_paths(cli)), ids=" ".join)
def test_every_command_has_help_with_examples(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert result.output.rstrip().splitlines()[-1].strip() != "Examples:"


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"netmap, version {__version__}\n"


def test_unknown_command_is_usage_error():
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2


def test_help_imports_no_heavy_library():
    code = (
        "import sys; from netmap.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'pandas', 'vobject', 'phonenumbers', 'rapidfuzz', 'numpy', 'nameparser'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
