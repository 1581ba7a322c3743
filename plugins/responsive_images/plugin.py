"""Wiring of the photos into Pelican; ``register()`` at the bottom is the index.

Data flow: the ``RESPONSIVE_IMAGES`` options checked and the images folder reserved
(``initialized``); a fresh ``ImageRun`` and the output generator for each build
(``get_generators``); the photos of published articles, then of pages, made or taken from the
cache, their HTML rewritten and their covers set, every problem going to the content model's
log, which refuses the build before anything is written (``article_generator_finalized``,
``page_generator_finalized``); original image files kept out of Pelican's static copy
(``static_generator_finalized``); derivatives exported and stale ones removed
(``ImageOutputGenerator.generate_output``); what was done logged (``finalized``).
"""

import logging
from pathlib import Path

from pelican import signals

from content_model.model import site_model
from union_core.images import is_image_name
from union_core.text_memo import TextMemo

from .catalogue import RUN, ImageRun, image_run
from .content_images import PASSTHROUGH, publish_images
from .options import read_options
from .output import ImageOutputGenerator
from .rewrites import rewrite_fingerprint

OPTIONS = "RESPONSIVE_IMAGES_OPTIONS"
REWRITES_FILE = "rewritten.sqlite"
logger = logging.getLogger(__name__)


def check_image_options(pelican) -> None:
    settings = pelican.settings
    options = read_options(settings)
    settings[OPTIONS] = options
    reserved = tuple(settings.get("RESERVED_PATHS", ()))
    first = options.output_dir.split("/")[0]
    if first not in reserved:
        settings["RESERVED_PATHS"] = (*reserved, first)


def start_image_run(pelican):
    """A new run per build (``pelican -r`` and ``invoke serve`` build many times)."""
    settings = pelican.settings
    options = settings[OPTIONS]
    rewrites = TextMemo(options.cache_path / REWRITES_FILE, rewrite_fingerprint(settings), options.cache_days)
    settings[RUN] = ImageRun(options, Path(settings["PATH"]), rewrites)
    return ImageOutputGenerator


def publish_article_images(generator) -> None:
    _publish(generator, generator.articles)


def publish_page_images(generator) -> None:
    _publish(generator, [*generator.pages, *generator.hidden_pages])


def _publish(generator, contents) -> None:
    settings = generator.settings
    model = site_model(settings)
    macros = generator.get_template("pictures").make_module({"SITEURL": settings["SITEURL"]})
    publish_images(contents, model.sources, image_run(settings), model.log, macros,
                   settings["SITEURL"], model.content_root)


def withhold_original_images(generator) -> None:
    """Photos reach the output only as derivatives: never the original file, with its GPS
    position and camera serial, nor any photo of a draft or of an article not yet due."""
    run = image_run(generator.settings)
    shown = {source.files[image.src] for source in site_model(generator.settings).sources
             for image in source.rendered.images if image.src in source.files}
    unnamed = {path for path in shown if not is_image_name(path)}  # shown, but not named .jpg…
    kept = []
    for static in generator.staticfiles:
        path = Path(static.source_path)
        if path.suffix.lower() in PASSTHROUGH:
            kept.append(static)
        elif is_image_name(path) or (unnamed and path.resolve() in unnamed):
            run.withheld.append(static.save_as)
            generator.context["static_content"].pop(static.get_relative_source_path(), None)
        else:
            kept.append(static)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles


def log_image_work(pelican) -> None:
    run = pelican.settings.get(RUN)
    if run is not None:
        logger.info("Ảnh: %d tệp ảnh làm mới, %d lấy từ bộ nhớ đệm, %d tệp cũ đã xóa khỏi trang, "
                    "%d ảnh gốc phải đọc lại để tính mã băm.",
                    run.stats["made"], run.stats["cached"], run.stats["removed"], run.stats["hashed"])


def register():
    signals.initialized.connect(check_image_options)
    signals.get_generators.connect(start_image_run)
    signals.article_generator_finalized.connect(publish_article_images)
    signals.page_generator_finalized.connect(publish_page_images)
    signals.static_generator_finalized.connect(withhold_original_images)
    signals.finalized.connect(log_image_work)
