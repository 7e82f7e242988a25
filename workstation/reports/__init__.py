"""Statistics for a period, the yearly workbook and chart figures (no Qt here)."""
