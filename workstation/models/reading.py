"""Reading models (filled in by the reading issue)."""
