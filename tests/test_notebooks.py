"""The notebooks: public API only, committed with clean outputs (they are run by ``--nbmake``)."""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01-workshop.ipynb", "02-research-batch.ipynb"]
#: How many figures each notebook shows, at least.
FIGURES = {"01-workshop.ipynb": 5, "02-research-batch.ipynb": 3}
#: Signs of this machine or of a run that must not be committed.
LEAKS = ["/work/", "/tmp/", "/home/", "/root/", "/Users/", "C:\\", "Traceback"]
#: Modules a notebook must never use: the CLI, or a shell.
FORBIDDEN = {"netmap.cli", "subprocess", "os.system"}


def load(name: str) -> dict:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def joined(text: str | list[str]) -> str:
    """nbformat stores multi-line text as a list of lines."""
    return text if isinstance(text, str) else "".join(text)


def source(cell: dict) -> str:
    return joined(cell["source"])


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def python(cell: dict) -> str:
    """The cell's Python, IPython magics (``%matplotlib inline``) left out."""
    return "\n".join(
        line for line in source(cell).splitlines() if not line.lstrip().startswith("%")
    )


def netmap_uses(tree: ast.AST, aliases: dict[str, str]) -> list[str]:
    """Every dotted netmap name a cell imports or reads (``netmap.analysis.reach.reach``...).

    ``aliases`` (local name -> netmap name) carries the imports over from earlier cells.
    """
    uses: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "netmap":
                    uses.append(alias.name)
                    aliases[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else "netmap"
                    )
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "netmap":
            for alias in node.names:
                uses.append(f"{node.module}.{alias.name}")
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            chain, inner = [node.attr], node.value
            while isinstance(inner, ast.Attribute):
                chain.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id in aliases:
                uses.append(".".join([aliases[inner.id], *reversed(chain)]))
    return uses


def test_both_notebooks_are_there_and_valid():
    nbformat = pytest.importorskip("nbformat")
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    for name in NAMES:
        nbformat.validate(nbformat.read(NOTEBOOKS / name, as_version=4))


@pytest.mark.parametrize("name", NAMES)
def test_only_the_public_library_api(name):
    uses, imported, aliases = [], set(), {}
    for cell in code_cells(load(name)):
        text = source(cell)
        assert not any(line.lstrip().startswith("!") for line in text.splitlines()), text
        tree = ast.parse(python(cell))
        uses += netmap_uses(tree, aliases)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module or "")
    assert any(use.startswith("netmap.analysis.") for use in uses), "netmap is not used"
    private = [use for use in uses if any(is_private(part) for part in use.split("."))]
    assert private == []
    assert not [m for m in imported | set(uses) if any(m.startswith(f) for f in FORBIDDEN)]


def exported(use: str) -> bool:
    """Whether a dotted netmap name is a module, or in its module's ``__all__``."""
    parts = use.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        return cut == len(parts) or parts[cut] in getattr(module, "__all__", [parts[cut]])
    return False


@pytest.mark.parametrize("name", NAMES)
def test_every_netmap_name_is_exported(name):
    uses, aliases = [], {}
    for cell in code_cells(load(name)):
        uses += netmap_uses(ast.parse(python(cell)), aliases)
    assert [use for use in sorted(set(uses)) if not exported(use)] == []


@pytest.mark.parametrize("name", NAMES)
def test_committed_with_their_outputs(name):
    nb, figures = load(name), 0
    cells = code_cells(nb)
    assert [cell["execution_count"] for cell in cells] == list(range(1, len(cells) + 1))
    for cell in cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", source(cell)
            assert output.get("name") != "stderr", output.get("text")
            figures += "image/png" in output.get("data", {})
        # nbclient's timestamps change on every run: they are not committed
        assert "execution" not in cell["metadata"]
    assert figures >= FIGURES[name]


@pytest.mark.parametrize("name", NAMES)
def test_outputs_hold_nothing_of_this_machine(name):
    text = json.dumps([cell.get("outputs", []) for cell in load(name)["cells"]])
    assert [leak for leak in LEAKS if leak in text] == []


@pytest.mark.parametrize("name", NAMES)
def test_size_is_reasonable(name):
    assert (NOTEBOOKS / name).stat().st_size < 1_500_000


def test_workshop_builds_its_workspace_in_a_temporary_folder():
    text = "\n".join(source(cell) for cell in code_cells(load("01-workshop.ipynb")))
    assert "tempfile.TemporaryDirectory" in text
    assert 'init_workspace(Path(workdir.name) / "camille.db"' in text
    assert "workdir.cleanup()" in text


def test_research_notebook_says_which_data_ran():
    cells = code_cells(load("02-research-batch.ipynb"))
    first = "".join(joined(o.get("text", "")) for o in cells[0]["outputs"])
    assert first.startswith("Data: the ")
    assert "data/samples/snap" in source(cells[0])  # the sample, so that it runs anywhere


def test_readme_lists_the_notebooks():
    readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in NAMES)
    assert "pytest --nbmake notebooks/" in readme
