"""Will the app install on Windows? Resolve every dependency for 64-bit Windows without a Windows machine.

    python scripts/windows_wheels.py [--python-version 3.11] [--keep DIR]

Runs ``pip download --platform win_amd64 --only-binary=:all:`` for the runtime dependencies in
pyproject.toml and the build ones (PyInstaller), all in one resolution, so pip must find a Windows wheel
for every package and every package they pull in. pip judges environment markers by the machine it runs
on, so a dependency only Windows needs (``sys_platform == "win32"``: PyInstaller's pefile and
pywin32-ctypes, say) would be skipped on Linux: the script reads each downloaded wheel's metadata, judges
its markers as Windows would, and downloads what is missing until nothing is. Exit 0 and the list of wheels when all resolve; exit 1
naming what has no Windows wheel. It needs the package index (PyPI) and downloads the wheels into a
temporary folder (or --keep DIR), about 150 MB.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = "win_amd64"


def requirements() -> list[str]:
    """The runtime dependencies and the build extra, as pyproject.toml writes them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"].get("build", []))
    return sorted(set(wanted), key=str.lower)


def download(reqs: list[str], dest: Path, python_version: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-cache-dir",
           "--platform", PLATFORM, "--only-binary=:all:", "--implementation", "cp",
           "--python-version", python_version, "--dest", str(dest), *reqs]
    return subprocess.run(cmd, capture_output=True, text=True)


def windows_environment(python_version: str) -> dict[str, str]:
    env = dict(default_environment())
    env.update(sys_platform="win32", platform_system="Windows", os_name="nt", platform_machine="AMD64",
               platform_release="10", python_version=python_version, python_full_version=f"{python_version}.0",
               implementation_name="cpython", platform_python_implementation="CPython")
    return env


def wheel_requirements(wheel: Path) -> list[Requirement]:
    """Requires-Dist of a wheel (from its METADATA)."""
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        text = z.read(meta).decode("utf-8", "replace")
    head = text.split("\n\n", 1)[0]
    return [Requirement(line.split(":", 1)[1].strip()) for line in head.splitlines()
            if line.startswith("Requires-Dist:")]


def missing_for_windows(dest: Path, python_version: str, extras: dict[str, set[str]]) -> list[str]:
    """Requirements the wheels in ``dest`` need on Windows and that have no wheel there yet."""
    env = windows_environment(python_version)
    have = {canonicalize_name(parse_wheel_filename(p.name)[0]) for p in dest.glob("*.whl")}
    needed: set[str] = set()
    for wheel in dest.glob("*.whl"):
        name = canonicalize_name(parse_wheel_filename(wheel.name)[0])
        for req in wheel_requirements(wheel):
            wanted = extras.get(name, set()) | {""}
            if req.marker is not None and not any(req.marker.evaluate({**env, "extra": e}) for e in wanted):
                continue
            if canonicalize_name(req.name) not in have:
                needed.add(str(req).split(";")[0].strip())
    return sorted(needed)


def wheel_names(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.glob("*.whl"))


def unresolved(stderr: str) -> list[str]:
    """The requirement pip could not satisfy with a Windows wheel, from its message."""
    found = re.findall(r"No matching distribution found for ([^\s]+)", stderr)
    found += re.findall(r"Could not find a version that satisfies the requirement ([^\s]+)", stderr)
    return sorted(set(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python-version", default="3.11")
    parser.add_argument("--keep", metavar="DIR", help="download into this folder and keep the wheels")
    args = parser.parse_args(argv)
    reqs = requirements()
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(args.keep) if args.keep else Path(tmp)
        dest.mkdir(parents=True, exist_ok=True)
        extras = {canonicalize_name(r.name): set(r.extras) for r in map(Requirement, reqs)}
        batch, added = reqs, []
        for _round in range(10):
            result = download(batch, dest, args.python_version)
            if result.returncode != 0:
                missing = unresolved(result.stderr)
                print(f"NOT resolved for {PLATFORM}, Python {args.python_version}:",
                      ", ".join(missing) or "(see pip)")
                print(result.stderr.strip()[-2000:], file=sys.stderr)
                return 1
            batch = missing_for_windows(dest, args.python_version, extras)
            if not batch:
                break
            added += batch
        else:
            print("The Windows-only dependencies did not settle after 10 rounds:", ", ".join(batch))
            return 1
        wheels = wheel_names(dest)
        size = sum(p.stat().st_size for p in dest.glob("*.whl"))
        print(f"All {len(reqs)} requirements resolve for {PLATFORM}, Python {args.python_version}: "
              f"{len(wheels)} wheels, {size / 1e6:.0f} MB")
        if added:
            print("Needed only on Windows (pip on this machine skips them):", ", ".join(added))
        for name in wheels:
            print("  " + name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
