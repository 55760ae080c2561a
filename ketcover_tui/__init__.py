"""ketcover: help people get ketamine infusion therapy paid for."""

__version__ = "0.1.0"
