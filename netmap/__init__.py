"""netmap: turn your own contact exports into a network you can reason about."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "FileParse",
    "ImportReport",
    "NetmapError",
    "SourceRecord",
    "Store",
    "__version__",
    "apply_review",
    "build_graph",
    "contacts",
    "doubtful_pairs",
    "export_graph",
    "forget_source",
    "import_files",
    "init_workspace",
    "list_sources",
    "merge_people",
    "pseudonymise",
    "read_file",
    "read_graph",
    "show_person",
    "split_person",
    "write_graph",
]

_LAZY = {
    "FileParse": "netmap.model",
    "SourceRecord": "netmap.model",
    "NetmapError": "netmap.errors",
    "Store": "netmap.store",
    "ImportReport": "netmap.importing",
    "import_files": "netmap.importing",
    "init_workspace": "netmap.people",
    "contacts": "netmap.people",
    "show_person": "netmap.people",
    "list_sources": "netmap.sources",
    "forget_source": "netmap.sources",
    "doubtful_pairs": "netmap.dedupe",
    "apply_review": "netmap.dedupe",
    "merge_people": "netmap.dedupe",
    "split_person": "netmap.dedupe",
    "read_file": "netmap.importers",
    "build_graph": "netmap.graph",
    "read_graph": "netmap.formats",
    "write_graph": "netmap.formats",
    "export_graph": "netmap.formats",
    "pseudonymise": "netmap.pseudonymise",
}


def __getattr__(name: str):
    """Import the public API lazily, so that ``netmap --help`` starts fast."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'netmap' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
