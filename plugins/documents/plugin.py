"""Wiring of the documents; ``register()`` at the bottom is the index.

Data flow: settings checked, documents' folders kept out of the articles (``initialized``);
documents read through the content model's reader, the public ones grouped and linked, and
their pages written (``DocumentsGenerator``); attachments of documents that are not public
removed from Pelican's static copy before it copies anything (``static_generator_finalized``).
"""

from pelican import signals

from content_model.model import site_model

from .generator import DocumentsGenerator
from .options import DEFAULTS, PAGINATED_TEMPLATE, STATE, DocumentsState, read_options


def apply_document_settings(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    options = read_options({key: settings[key] for key in DEFAULTS})
    settings[STATE] = DocumentsState(options)
    excludes = list(settings["ARTICLE_EXCLUDES"])
    settings["ARTICLE_EXCLUDES"] = excludes + [p for p in settings["DOCUMENT_PATHS"] if p not in excludes]
    paginated = dict(settings["PAGINATED_TEMPLATES"])
    paginated.setdefault(PAGINATED_TEMPLATE, settings["DOCUMENTS_PER_PAGE"])
    settings["PAGINATED_TEMPLATES"] = paginated


def add_documents_generator(pelican):
    return DocumentsGenerator


def withhold_unpublished_attachments(generator) -> None:
    """Pelican copies every file of the content folder; a draft's attachments must not go.

    Also a safety net: an attachment of a public document that Pelican would not copy (kept
    out by STATIC_EXCLUDES or IGNORE_FILES) is an error, not a broken download link.
    """
    state = generator.settings.get(STATE)
    if state is None:
        return
    kept = [s for s in generator.staticfiles if s.relative_source_path not in state.withheld]
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept
    for relative in state.withheld:
        generator.context["static_content"].pop(relative, None)
    copied = {s.relative_source_path for s in kept}
    model = site_model(generator.settings)
    for relative, document in sorted(state.published_files.items()):
        if relative not in copied:
            model.log.add(document.source_path, None, "files",
                          f'tệp "{relative}" sẽ không được chép lên trang (bị loại bởi cài đặt)',
                          "đổi tên tệp (không bắt đầu bằng _ hoặc .) hoặc xem STATIC_EXCLUDES")


def register():
    signals.initialized.connect(apply_document_settings)
    signals.get_generators.connect(add_documents_generator)
    signals.static_generator_finalized.connect(withhold_unpublished_attachments)
