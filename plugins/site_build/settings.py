"""Reading Pelican settings for a content folder, in the one place the tasks do it."""

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
