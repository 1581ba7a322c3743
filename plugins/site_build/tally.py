"""``invoke tally``: a plan's figures in the terminal, from the same build as the site.

Photos are counted in each article's rendered HTML, so the figures come from a real Pelican
run (into a temporary folder that is deleted afterwards); the tally plugin leaves its book of
records in the settings, and the core computes and formats the figures as on the page.
"""

import contextlib
import io
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pelican.log import init as init_logging

from content_model.report import ContentErrors
from union_core.tally_export import to_json, to_text, units_csv

from .runner import run_pelican
from .settings import load_settings

FORMATS = {"table": to_text, "csv": units_csv, "json": to_json}
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class TallyRequestError(ValueError):
    """A plan, format or month the editor asked for that does not exist."""


@dataclass
class TallyOutput:
    ok: bool
    text: str


def parse_month(text: str | None, plan) -> date | None:
    """``2026-05`` → 1 May 2026, which must fall inside the plan's period."""
    if not text:
        return None
    match = _MONTH.fullmatch(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise TallyRequestError(f'tháng "{text}" không đúng dạng; viết năm-tháng, ví dụ 2026-05')
    month = date(int(match.group(1)), int(match.group(2)), 1)
    if not (plan.start.replace(day=1) <= month <= plan.end):
        raise TallyRequestError(f"tháng {text} nằm ngoài thời gian của kế hoạch "
                                f"({plan.start:%d/%m/%Y} – {plan.end:%d/%m/%Y})")
    return month


def run_tally(settings_file: Path, content: Path, plan_slug: str | None, fmt: str = "table",
              month: str | None = None, **overrides) -> TallyOutput:
    """Build ``content`` quietly, then format one plan's tally; errors come back as text."""
    if fmt not in FORMATS:
        raise TallyRequestError(f'định dạng "{fmt}" không có; chọn một trong: {", ".join(FORMATS)}')
    init_logging(level=logging.WARNING, name="pelican")
    staging = Path(tempfile.mkdtemp(prefix="union-tally-"))
    try:
        settings = load_settings(settings_file, content, staging, **overrides)
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican's "Done: …" is not a figure
            run_pelican(settings)
    except ContentErrors as stop:
        return TallyOutput(False, stop.message)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    book = settings["UNION_TALLY"]
    plan = book.plan(plan_slug) if plan_slug else None
    if plan is None:
        known = ", ".join(p.slug for p in book.plans) or "chưa có kế hoạch nào trong data/plans/"
        asked = (f'không có kế hoạch "{plan_slug}"' if plan_slug
                 else "chọn kế hoạch bằng --plan SLUG")
        raise TallyRequestError(f"{asked}; các kế hoạch: {known}")
    return TallyOutput(True, FORMATS[fmt](book.tally(plan, parse_month(month, plan))))
