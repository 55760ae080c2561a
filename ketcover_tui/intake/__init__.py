"""Readers of outside documents (denial letters, SBCs, FHIR ExplanationOfBenefit, X12 835) into proposed
changes the user reviews and confirms.

Pure: bytes in, proposed values with where they came from (page and line, claim) out. The format
libraries (pypdf, fhir.resources, pyx12) are imported only inside the functions that read a file, so
start-up stays light. Nothing here writes, and nothing imports Textual or the store.
"""
