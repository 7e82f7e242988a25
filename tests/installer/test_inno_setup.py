"""The Windows installer script (compiled on Windows with Inno Setup; checked here as text):
it packs the folder build.py makes, names files that exist, and never deletes the database."""

from __future__ import annotations

import re
from pathlib import Path

from workstation import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installer" / "workstation.iss"


def sections() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1)
            result.setdefault(current, [])
        elif current:
            result[current].append(line)
    return result


def test_files_named_by_the_script_exist() -> None:
    setup = "\n".join(sections()["Setup"])
    for key in ("LicenseFile", "SetupIconFile"):
        relative = re.search(rf"^{key}=(.+)$", setup, re.MULTILINE)
        assert relative, key
        assert (ISS.parent / relative.group(1).replace("\\", "/")).is_file(), key


def test_it_packs_the_folder_build_py_makes() -> None:
    files = sections()["Files"]
    assert files == ['Source: "..\\build\\dist\\workstation\\*"; DestDir: "{app}"; '
                     'Flags: ignoreversion recursesubdirs createallsubdirs']
    build_py = (ROOT / "installer" / "build.py").read_text(encoding="utf-8")
    assert 'default=ROOT / "build" / "dist"' in build_py  # where build.py puts the folder
    icons = "\n".join(sections()["Icons"])
    assert '{group}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in icons  # the Start-menu entry
    assert "{uninstallexe}" in icons
    assert '#define AppExe "workstation.exe"' in ISS.read_text(encoding="utf-8")


def test_uninstall_keeps_the_database_in_the_user_data_folder() -> None:
    parts = sections()
    assert "UninstallDelete" not in parts and "InstallDelete" not in parts
    text = ISS.read_text(encoding="utf-8")
    # the folder the uninstaller mentions is the program's data folder (platformdirs on Windows:
    # %LOCALAPPDATA%\<APP_NAME>, where workstation.db keeps workstation.sqlite3)
    assert f'#define DataFolder "{APP_NAME}"' in text
    assert "{localappdata}\\{#DataFolder}" in text
    code = "\n".join(parts["Code"])
    assert "DelTree" not in code and "DeleteFile" not in code and "RemoveDir" not in code
