"""Importers: one module per family of formats, each returning a FileParse."""
