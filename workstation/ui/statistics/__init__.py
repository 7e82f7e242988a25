"""The managers' tabs: charts and reports."""
