"""The interface is complete in Simplified Chinese, and the English interface shows no Chinese.

* lupdate is run afresh over every area (``scripts/i18n.py update`` on a temporary copy of
  ``resources/i18n``, so the committed files are not touched): no string may be unfinished,
  missing or empty, and each translation keeps its source's ``{placeholders}``.
* every module that marks strings for translation is listed in some area's ``.sources``
  (else lupdate never sees them and they stay English in the Chinese interface);
* no message source (what the English interface shows) contains Chinese: neither in the
  code (``tr()``, ``N_()``, ``QT_TR_NOOP()``, ``translate()``) nor in what lupdate extracted.
  Chinese *data* — room names, column names of import files, examples a librarian types —
  is passed in as a ``{parameter}``, not written into the message;
* each committed ``.qm`` is what lrelease makes of the committed ``.ts``.

To fix a failure: ``python scripts/i18n.py update AREA``, then a TSV "source<TAB>translation"
and ``python scripts/i18n.py translate AREA file.tsv``.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET  # our own .ts files
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workstation"
I18N = PACKAGE / "resources" / "i18n"
# CJK ideographs, CJK punctuation, full-width forms: what an English reader cannot read
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[:!][^}]*)?\}")
MARKERS = {"tr": 0, "N_": 0, "QT_TR_NOOP": 0, "QT_TRANSLATE_NOOP": 1, "translate": 1}


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Path]:
    """``scripts/i18n.py update`` run on a copy: the .ts files as lupdate makes them now."""
    copy = tmp_path_factory.mktemp("i18n")
    for path in [*I18N.glob("*.sources"), *I18N.glob("*.ts")]:
        shutil.copy2(path, copy / path.name)
    script = load_script()
    script.I18N = copy  # ts_path() and areas() read the module global
    script.update()
    return script, copy


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    result = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            result.append((name, message.findtext("source") or "", message))
    return result


def test_every_area_is_extracted(fresh: tuple[ModuleType, Path]) -> None:
    script, copy = fresh
    areas = script.areas()
    assert {"core", "circulation", "reading", "digitization", "outreach", "statistics"} <= set(areas)
    for area, files in areas.items():
        assert files, f"{area}.sources matches no file"
        assert (copy / f"{area}_zh_CN.ts").exists(), f"{area}: no .ts file"
        assert (copy / f"{area}_zh_CN.qm").exists(), f"{area}: lrelease made no .qm"


def test_no_unfinished_or_missing_chinese(fresh: tuple[ModuleType, Path]) -> None:
    script, _copy = fresh
    missing = script.unfinished()
    report = "\n".join(f"  {area}\t{context}\t{source}" for area, context, source in missing)
    by_area: dict[str, int] = {}
    for area, _context, _source in missing:
        by_area[area] = by_area.get(area, 0) + 1
    assert not missing, f"untranslated strings per area {by_area}:\n{report}"


def test_translations_keep_their_placeholders(fresh: tuple[ModuleType, Path]) -> None:
    """str.format() raises KeyError on a translation that renames or drops a placeholder."""
    _script, copy = fresh
    wrong = []
    for ts in sorted(copy.glob("*_zh_CN.ts")):
        for context, source, message in messages(ts):
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            if text and set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(text)):
                wrong.append(f"  {ts.name} [{context}] {source!r} -> {text!r}")
    assert not wrong, "translations whose {placeholders} differ from the source:\n" + "\n".join(wrong)


def marked_sources() -> dict[Path, list[tuple[int, str]]]:
    """Every module's translatable message sources (string literals in the marking calls)."""
    found: dict[Path, list[tuple[int, str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in MARKERS or len(node.args) <= MARKERS[name]:
                continue
            source = node.args[MARKERS[name]]
            for const in ast.walk(source):
                if isinstance(const, ast.Constant) and isinstance(const.value, str):
                    found.setdefault(path, []).append((const.lineno, const.value))
    return found


def test_every_module_with_messages_belongs_to_an_area() -> None:
    script = load_script()
    covered = {path.resolve() for files in script.areas().values() for path in files}
    orphans = [str(path.relative_to(ROOT)) for path in marked_sources() if path.resolve() not in covered]
    assert not orphans, ("modules with translatable strings that no resources/i18n/*.sources lists "
                         f"(their strings stay English in the Chinese interface): {orphans}")


def test_no_chinese_in_message_sources_in_the_code() -> None:
    chinese = [f"  {path.relative_to(ROOT)}:{line}: {text!r}"
               for path, found in marked_sources().items() for line, text in found if CHINESE.search(text)]
    assert not chinese, ("Chinese inside a translatable message (the English interface would show it); "
                         "pass Chinese data as a {parameter}:\n" + "\n".join(chinese))


def test_no_chinese_in_extracted_sources(fresh: tuple[ModuleType, Path]) -> None:
    _script, copy = fresh
    chinese = [f"  {ts.name} [{context}] {source!r}"
               for ts in sorted(copy.glob("*_zh_CN.ts")) for context, source, _m in messages(ts)
               if CHINESE.search(source)]
    assert not chinese, "message sources with Chinese in them:\n" + "\n".join(chinese)


def test_committed_qm_files_are_compiled_from_the_committed_ts(tmp_path: Path) -> None:
    lrelease = load_script().tool("lrelease")
    stale = []
    for ts in sorted(I18N.glob("*_zh_CN.ts")):
        qm = tmp_path / ts.with_suffix(".qm").name
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        committed = ts.with_suffix(".qm")
        if not committed.exists() or committed.read_bytes() != qm.read_bytes():
            stale.append(committed.name)
    assert not stale, f"run `python scripts/i18n.py update` (lrelease) for: {stale}"
