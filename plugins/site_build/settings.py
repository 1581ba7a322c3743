"""Reading Pelican settings for a content folder, in the one place the tasks do it."""

import importlib
from pathlib import Path

from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[2]
PREVIEW = ROOT / "pelicanconf.py"
PUBLISH = ROOT / "publishconf.py"


def load_settings(settings_file: Path = PREVIEW, content: Path | None = None,
                  output: Path | None = None, **overrides) -> dict:
    """Settings of ``settings_file`` with the content and output folders made absolute."""
    override = dict(overrides)
    if content is not None:
        override["PATH"] = str(Path(content).resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    return read_settings(str(settings_file), override=override)


def known_setting_names(settings_file: Path = PUBLISH) -> set[str]:
    """The settings a build is known to read: Pelican's, the settings file's, and the defaults
    each plugin declares (``DEFAULTS`` in its ``plugin`` or ``options`` module)."""
    settings = load_settings(settings_file)
    names = set(settings)
    for plugin in settings.get("PLUGINS", ()):
        for module in ("plugin", "options"):
            try:
                declared = getattr(importlib.import_module(f"{plugin}.{module}"), "DEFAULTS", {})
                names |= {name for name in declared if name.isupper()}  # (some hold an option's own keys)
            except ImportError:
                continue
    return names
