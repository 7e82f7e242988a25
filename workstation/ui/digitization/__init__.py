"""The digitization tab and its chart."""
