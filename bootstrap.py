#!/usr/bin/env python3
"""Set up and run the project on a fresh machine with only Python 3.11+.

    python3 bootstrap.py build    # install what is needed, build the demo site into output/
    python3 bootstrap.py test     # install what is needed, run the whole test suite
    python3 bootstrap.py invoke … # any other task, e.g. "invoke serve" or "invoke check"

Dependencies go into a private virtual environment (.venv/), from the pinned requirement
files; it is reinstalled only when those files change.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
REQUIREMENTS = {"build": "requirements.txt", "test": "requirements-test.txt"}


def _marker(requirements: str) -> tuple[Path, str]:
    """The file recording what was installed from ``requirements``, and what it must hold to be
    current: a digest of that file and of requirements.txt, which the others include."""
    files = [ROOT / requirements] + ([ROOT / "requirements.txt"] if requirements != "requirements.txt" else [])
    return VENV / f".installed-{requirements}", hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


def _installed(requirements: str) -> bool:
    marker, digest = _marker(requirements)
    return PYTHON.exists() and marker.exists() and marker.read_text() == digest


def ensure_environment(requirements: str) -> None:
    """Create .venv and install ``requirements`` unless they, or the test requirements (which
    hold them), are installed and current."""
    if sys.version_info < (3, 11):
        sys.exit(f"Cần Python 3.11 trở lên (đang chạy {sys.version.split()[0]}).")
    if _installed(requirements) or _installed(REQUIREMENTS["test"]):
        return
    if not PYTHON.exists():
        print("Tạo môi trường Python riêng trong .venv/ …", flush=True)
        for marker in VENV.glob(".installed-*"):  # of an environment whose Python is gone
            marker.unlink()
        venv.create(VENV, with_pip=True)
    print(f"Cài đặt thư viện từ {requirements} …", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(ROOT / requirements)], check=True)
    marker, digest = _marker(requirements)
    marker.write_text(digest)


def ensure_browser_tools() -> None:
    """axe-core for the browser tests, from the npm registry, when npm is available."""
    folder = ROOT / "tests" / "browser"
    if (folder / "node_modules" / "axe-core").exists() or shutil.which("npm") is None:
        return
    print("Cài axe-core (npm) cho các bài kiểm tra trên trình duyệt …", flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=folder, check=False)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    if command == "build":
        ensure_environment(REQUIREMENTS["build"])
        return subprocess.call([str(PYTHON), "-m", "invoke", "build", *argv[1:]], cwd=ROOT)
    if command == "test":
        ensure_environment(REQUIREMENTS["test"])
        ensure_browser_tools()
        return subprocess.call([str(PYTHON), "-m", "pytest", *argv[1:]], cwd=ROOT)
    if command == "invoke":  # the tasks need the runtime libraries only (a nightly in CI installs no test tools)
        ensure_environment(REQUIREMENTS["build"])
        return subprocess.call([str(PYTHON), "-m", "invoke", *argv[1:]], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
