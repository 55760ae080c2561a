"""Readers of outside documents (FHIR ExplanationOfBenefit, X12 835) into proposed changes the user confirms.

Pure mapping into domain records; the format libraries (fhir.resources, pyx12)
are imported only inside the functions that read a file, so start-up stays light.
Nothing here writes: the caller shows the proposed changes and applies them.
"""
