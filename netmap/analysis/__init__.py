"""Analyses of an ego network: graph in, tidy pandas DataFrame out; one module per measure."""
