"""Build the one-folder program with PyInstaller and run its self-test.

    python installer/build.py                  # build into build/dist/workstation, then self-test
    python installer/build.py --dist DIR --work DIR
    python installer/build.py --self-test-only # test an existing build

Needs PyInstaller (``pip install pyinstaller``) in the Python that runs this script, with
the program's dependencies installed (``pip install -e .``). The frozen program is started
with ``--self-test`` offscreen: it opens a fresh database in a temporary folder, applies the
migrations, loads the font, the translations and the icon, builds the main window, prints
its version and must exit 0. Exit code: 0 built and passed, 1 otherwise.

On Windows, compile the installer afterwards with Inno Setup:
``iscc installer\\workstation.iss`` (see installer/README.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "workstation.spec"


def frozen_program(dist: Path) -> Path:
    """The console executable of a build (on Windows the GUI one has no console to print to)."""
    name = "workstation-cli.exe" if sys.platform == "win32" else "workstation"
    return dist / "workstation" / name


def build(dist: Path, work: Path) -> float:
    try:
        import PyInstaller
    except ImportError:
        sys.exit("PyInstaller is not installed: pip install pyinstaller")
    print(f"PyInstaller {PyInstaller.__version__}: building {SPEC.name} into {dist}", flush=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)], check=True, cwd=ROOT)
    return time.monotonic() - started


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def self_test(program: Path, extra: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("WORKSTATION_DB", None)  # the self-test's own temporary database, never a real one
    return subprocess.run([str(program), "--self-test", *extra], capture_output=True, text=True, env=env,
                          check=False, timeout=300)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "build" / "dist", help="where the folder is made")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work folder")
    parser.add_argument("--self-test-only", action="store_true", help="do not build; test the existing folder")
    parser.add_argument("--lang", default="zh_CN", help="language of the self-test (zh_CN or en)")
    args = parser.parse_args(argv)

    if not args.self_test_only:
        seconds = build(args.dist, args.work)
        print(f"built in {seconds:.0f} s: {args.dist / 'workstation'} "
              f"({folder_size(args.dist / 'workstation') / 2**20:.0f} MiB)", flush=True)
    program = frozen_program(args.dist)
    if not program.exists():
        print(f"no program at {program}", file=sys.stderr)
        return 1
    result = self_test(program, ["--lang", args.lang])
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        print(f"frozen self-test FAILED (exit {result.returncode})", file=sys.stderr)
        return 1
    print("frozen self-test passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
