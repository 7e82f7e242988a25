"""Digitization models (filled in by the digitization issue)."""
