"""The fuzz harness of netmap's vCard and CSV importers (see fuzz/README.md)."""

__all__: list[str] = []
