"""Where the tests find the repository's own files, whatever folder a test lives in."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
