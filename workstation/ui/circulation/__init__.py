"""The lending desk's tab, dialogs and slips."""
