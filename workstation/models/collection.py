"""Collection growth models: dated acquisitions not catalogued item by item (filled in by the outreach issue)."""
