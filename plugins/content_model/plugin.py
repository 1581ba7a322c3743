"""Wiring of the content model into Pelican's signals; ``register()`` at the bottom is the index.

Data flow: settings checked and the site model created (``initialized``); registries reloaded
at the start of each run (``get_generators``); every Markdown file read through the core
(``readers_init``); drafts and not-yet-due articles removed before any listing is built
(``article_generator_pretaxonomy``); all problems reported at once and the build refused before
a single file is written (``all_generators_finalized``).
"""

import time
from operator import attrgetter
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.utils import order_content

from union_core.crosscheck import OutputPatterns, check_sources
from union_core.heap import freeze_site, thaw_site
from union_core.publishing import is_public, is_scheduled

from . import output_folders
from .compiled_templates import share_compiled_templates
from .file_stamps import readers_without_stamps, skip_unused_file_stamps
from .model import SETTING, SiteModel, site_model
from .parallel_writer import WRITER, ParallelWriter
from .reader import UnionMarkdownReader
from .report import ContentErrors, ErrorCounter, fail_on_logged_errors, refuse_if_errors
from .settled import settle, settle_on_creation

DEFAULTS = {
    # ISO date-time the build treats as "now" (tests, scheduled publishing); None = real clock.
    "BUILD_CLOCK": None,
    # Preview builds may show articles dated in the future (marked as scheduled).
    "SHOW_FUTURE_ARTICLES": False,
    # Folders of the content whose files are published as they are, linked or not.
    "PUBLIC_FILE_PATHS": ("tep-chung",),
    # Publishing: take SITEURL from data/site.toml "url" when the settings leave it empty.
    "SITEURL_FROM_SITE_DATA": False,
    # First path segments that belong to the site's own sections, never to a page slug.
    "RESERVED_PATHS": ("chuyen-muc", "don-vi", "tu-khoa", "feeds", "thong-ke", "tim-kiem",
                       "luu-tru", "theme", "trang", "anh", "van-ban", "lich"),
}


def output_patterns(settings) -> OutputPatterns:
    """Where articles and pages are written, for the collision checks."""
    reserved = settings.get("RESERVED_PATHS", DEFAULTS["RESERVED_PATHS"])
    return OutputPatterns(settings["ARTICLE_SAVE_AS"], settings["PAGE_SAVE_AS"], tuple(reserved),
                          settings.get("DOCUMENT_SAVE_AS", ""))


def prepare_site_model(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    settings = pelican.settings
    # One spelling of every path: the content folder's, resolved (a link on the way, like
    # /tmp on macOS or a linked workspace, would give each file two names).
    pelican.path = settings["PATH"] = str(Path(settings["PATH"]).resolve())
    model = SiteModel(Path(settings["PATH"]), settings)
    model.start_run()
    settings[SETTING] = model
    settings["UNION_ERROR_COUNTER"] = ErrorCounter()
    if settings.get("SITEURL_FROM_SITE_DATA") and not settings["SITEURL"]:
        settings["SITEURL"] = model.site.url.rstrip("/")
    output_folders.start(settings)


def start_build_run(pelican) -> None:
    forget_pelican_memos()
    thaw_site()  # the last build's site (invoke serve, the tests) is freed before this one is read
    site_model(pelican.settings).start_run()
    pelican.settings["UNION_ERROR_COUNTER"].start()


def forget_pelican_memos() -> None:
    """Pelican memoises every item's HTML and summary in a cache on its ``Content`` class,
    which kept every article of every build alive in a process that builds again and again
    (``invoke serve``: a 10,000-article site more in memory at each rebuild)."""
    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if cache is not None:
            cache.clear()


def use_union_reader(readers) -> None:
    for extension in UnionMarkdownReader.file_extensions:
        readers.reader_classes[extension] = UnionMarkdownReader


def in_stable_order(items, order_by) -> list:
    """``items`` in Pelican's order (``ARTICLE_ORDER_BY``, ``PAGE_ORDER_BY``), ties by source
    path. Pelican reads the files in the order of a set of strings, which changes with every
    process: two articles of the same minute swapped places from one build to the next (on
    the lists, in the feeds), so the pages around them changed with nothing edited."""
    return order_content(sorted(items, key=attrgetter("source_path")), order_by)


def keep_only_public_articles(generator) -> None:
    """The one publication rule, applied before tags, archives, feeds or term pages exist."""
    model = site_model(generator.settings)
    show_future = generator.settings["SHOW_FUTURE_ARTICLES"]
    public = []
    for article in in_stable_order(generator.articles, generator.settings["ARTICLE_ORDER_BY"]):
        if is_public(article.status, article.date, model.now, show_future):
            article.scheduled = is_scheduled(article.date, model.now)
            public.append(article)
    generator.articles = public
    model.published["article"] = len(public)
    model.published_articles = public
    generator.drafts, generator.drafts_translations = [], []
    generator.translations, generator.hidden_translations = [], []


def drop_draft_pages(generator) -> None:
    generator.pages[:] = in_stable_order(generator.pages, generator.settings["PAGE_ORDER_BY"])
    generator.draft_pages, generator.draft_translations = [], []
    model = site_model(generator.settings)
    model.published["page"] = len(generator.pages)
    model.published_pages = list(generator.pages)
    model.linked_files = {path for item in [*model.published_articles, *model.published_pages]
                          for path in item.get_static_links()}


def publish_only_linked_files(generator) -> None:
    """Pelican would copy every file of the content folder: a file beside a draft or an
    unpublished article must not go out. A file is published when published content links to
    it, or when it lies in a public folder (``PUBLIC_FILE_PATHS``); documents' attachments
    are the documents plugin's to publish, photos the photos plugin's."""
    settings, model = generator.settings, site_model(generator.settings)
    public = tuple(f"{folder.strip('/')}/" for folder in settings["PUBLIC_FILE_PATHS"])
    kept = []
    for static in generator.staticfiles:
        relative = static.relative_source_path
        if relative in model.linked_files or relative.startswith(public):
            kept.append(static)
        else:
            generator.context["static_content"].pop(static.get_relative_source_path(), None)
            old_copy = Path(generator.output_path) / static.save_as  # left by an older build
            if old_copy.is_file():
                old_copy.unlink(missing_ok=True)  # (it may be being cleared: RECYCLED_OUTPUT)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles


def refuse_build_on_errors(generators) -> None:
    settings = generators[0].settings
    model = site_model(settings)
    check_sources(sorted(model.sources, key=lambda s: s.path), output_patterns(settings), model.log,
                  model.now, model.content_root)
    try:
        refuse_if_errors(model.log, settings["UNION_ERROR_COUNTER"])
    except ContentErrors:
        output_folders.abandon(settings)
        raise
    output_folders.wait_cleared(settings)  # before the search index or any page goes in
    model.checked_at = time.perf_counter()
    settle([*model.published_articles, *model.published_pages, *model.published_documents])
    freeze_site()  # the site is read and lives until the build ends: no collector walks over it
    for source in model.sources:  # the Markdown text served the checks; the pages use the HTML
        source.header.body = ""


def use_parallel_writer(pelican):
    """The writer; the build was not refused, so the folders of the published articles, pages
    and documents not made yet are started now, beside the writing."""
    settings = pelican.settings
    model = site_model(settings)
    newest_first = sorted(model.published_articles, key=lambda article: article.date, reverse=True)
    contents = [*newest_first, *model.published_pages, *model.published_documents]  # as Pelican writes them
    output_folders.make_rest(settings, [item.save_as for item in contents if item.save_as])
    return ParallelWriter


def wait_for_folders(settings) -> None:
    """The output's folders are all made (called when the build ends, however it ends)."""
    output_folders.wait(settings)


def abandon_writing(settings) -> None:
    """A build that failed: no page is written any more (its folder is deleted next)."""
    writer = settings.get(WRITER)
    if writer is not None:
        writer.abandon()


def finish_writing(pelican) -> None:
    """Render the last filed pages, then fail if Pelican logged an error while writing."""
    writer = pelican.settings.get(WRITER)
    wait_for_folders(pelican.settings)
    if writer is not None:
        writer.flush(wait=True)
    fail_on_logged_errors(pelican.settings["UNION_ERROR_COUNTER"])
    if writer is not None:
        writer.store.prune()
        output_folders.finish(pelican.settings, writer._written_files)


def register():
    signals.initialized.connect(prepare_site_model)
    signals.get_generators.connect(start_build_run)
    signals.generator_init.connect(share_compiled_templates)
    signals.generator_init.connect(readers_without_stamps)
    signals.article_generator_init.connect(skip_unused_file_stamps)
    signals.page_generator_init.connect(skip_unused_file_stamps)
    signals.readers_init.connect(use_union_reader)
    signals.content_object_init.connect(settle_on_creation)
    signals.article_generator_pretaxonomy.connect(keep_only_public_articles)
    signals.page_generator_finalized.connect(drop_draft_pages)
    signals.static_generator_finalized.connect(publish_only_linked_files)
    signals.all_generators_finalized.connect(refuse_build_on_errors)
    signals.get_writer.connect(use_parallel_writer)
    signals.finalized.connect(finish_writing)

