"""Qualitative research corpus: sources, codebook, codings, consented excerpts."""
