"""Readers of outside documents (denial letters, SBCs) into fields the user reviews and confirms.

Pure: bytes in, proposed values with the page and line they came from out.
Nothing here writes, and nothing imports Textual or the store.
"""
