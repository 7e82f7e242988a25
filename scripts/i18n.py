"""Translations: extract, fill in, compile and check.

Each area of the program has its own pair of files in ``workstation/resources/i18n/``:
``<area>.sources`` lists the source globs (one per line) and ``<area>_zh_CN.ts`` holds
the Simplified Chinese. Areas keep translators and developers out of each other's files;
the program loads every compiled ``*_zh_CN.qm``.

    python scripts/i18n.py update [AREA]       # lupdate every area (or one), then lrelease
    python scripts/i18n.py translate AREA F    # merge a TSV "source<TAB>translation" into AREA
    python scripts/i18n.py check               # list unfinished strings; exit 1 if any
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET  # our own .ts files, not untrusted input
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "workstation" / "resources" / "i18n"
LANG = "zh_CN"
# N_() in Qt-free code is an alias of QT_TR_NOOP (see workstation/errors.py).
ALIAS = ["-tr-function-alias", "QT_TR_NOOP+=N_"]


def tool(name: str) -> str:
    # Beside the interpreter first: in a virtual environment the tools live in its bin/
    # (Scripts\\ on Windows), which need not be on PATH.
    here = Path(sys.executable).parent
    for candidate in (here / f"pyside6-{name}", here / f"pyside6-{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        sys.exit(f"pyside6-{name} not found; install PySide6-Essentials")
    return found


def areas() -> dict[str, list[Path]]:
    result = {}
    for spec in sorted(I18N.glob("*.sources")):
        files: list[Path] = []
        for line in spec.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                files.extend(sorted(ROOT.glob(line)))
        result[spec.stem] = files
    return result


def ts_path(area: str) -> Path:
    return I18N / f"{area}_{LANG}.ts"


def known_translations() -> dict[tuple[str, str], str]:
    """Every finished translation of every area, so that a string whose file moved to
    another area keeps its translation."""
    known: dict[tuple[str, str], str] = {}
    for ts in I18N.glob(f"*_{LANG}.ts"):
        for context in ET.parse(ts).iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is not None and translation.get("type") is None and (translation.text or "").strip():
                    known[(name, message.findtext("source") or "")] = translation.text or ""
    return known


def update(only: str | None = None) -> None:
    known = known_translations()
    for area, files in areas().items():
        if only is not None and area != only:
            continue
        ts = ts_path(area)
        subprocess.run([tool("lupdate"), *ALIAS, "-no-obsolete", "-locations", "none",
                        "-target-language", LANG, *map(str, files), "-ts", str(ts)], check=True)
        tree = ET.parse(ts)
        carried = 0
        for context in tree.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                key = (name, message.findtext("source") or "")
                if translation is not None and translation.get("type") == "unfinished" and key in known:
                    translation.text = known[key]
                    translation.attrib.pop("type", None)
                    carried += 1
        if carried:
            tree.write(ts, encoding="utf-8", xml_declaration=True)
            print(f"{area}: {carried} translations carried over from other areas")
        release(area)


def release(area: str) -> None:
    ts = ts_path(area)
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def translate(area: str, tsv: Path) -> None:
    mapping: dict[str, str] = {}
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            source, target = line.split("\t", 1)
            mapping[source.replace("\\n", "\n")] = target.replace("\\n", "\n")
    ts = ts_path(area)
    tree = ET.parse(ts)
    filled = 0
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if source in mapping and translation is not None:
            translation.text = mapping[source]
            translation.attrib.pop("type", None)
            filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    release(area)
    print(f"{area}: {filled} translations filled")


def unfinished() -> list[tuple[str, str, str]]:
    missing = []
    for area in areas():
        ts = ts_path(area)
        if not ts.exists():
            missing.append((area, "", "(no .ts file: run update)"))
            continue
        for context in ET.parse(ts).iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "vanished") \
                        or not (translation.text or "").strip():
                    missing.append((area, name, message.findtext("source") or ""))
    return missing


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update(argv[1] if len(argv) > 1 else None)
    elif argv[:1] == ["translate"] and len(argv) == 3:
        translate(argv[1], Path(argv[2]))
    elif argv[:1] == ["check"]:
        missing = unfinished()
        for area, context, source in missing:
            print(f"{area}\t{context}\t{source}")
        return 1 if missing else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
