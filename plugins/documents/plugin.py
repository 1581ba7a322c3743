"""Wiring of the documents; ``register()`` at the bottom is the index.

Data flow: settings checked, documents' folders kept out of the articles (``initialized``);
documents read through the content model's reader, the public ones grouped and linked, and
their pages written (``DocumentsGenerator``); attachments of documents that are not public
removed from Pelican's static copy, and those of public ones put back if another plugin took
them out, before it copies anything (``static_generator_finalized``).
"""

from pelican import signals
from pelican.contents import Static

from .generator import DocumentsGenerator
from .options import DEFAULTS, PAGINATED_TEMPLATE, STATE, DocumentsState, read_options
from .page_keys import KEYERS, campaign_documents


def apply_document_settings(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    options = read_options({key: settings[key] for key in DEFAULTS})
    settings[STATE] = DocumentsState(options)
    excludes = list(settings["ARTICLE_EXCLUDES"])
    excludes += [p for p in settings["DOCUMENT_PATHS"] if p not in excludes]
    settings["ARTICLE_EXCLUDES"] = excludes
    paginated = dict(settings["PAGINATED_TEMPLATES"])
    paginated.setdefault(PAGINATED_TEMPLATE, settings["DOCUMENTS_PER_PAGE"])
    settings["PAGINATED_TEMPLATES"] = paginated
    settings["PAGE_KEY_PARTS"] = [*settings.get("PAGE_KEY_PARTS", ()), campaign_documents]
    settings["PAGE_KEYERS"] = {**settings.get("PAGE_KEYERS", {}), **KEYERS}


def add_documents_generator(pelican):
    return DocumentsGenerator


def publish_only_public_attachments(generator) -> None:
    """Pelican copies every file of the content folder: a draft's attachments must not go,
    and a public document's attachments must go unchanged, even those another plugin keeps
    out of the static copy (the photos plugin publishes images only as derivatives)."""
    state = generator.settings.get(STATE)
    if state is None:
        return
    kept = [s for s in generator.staticfiles if s.relative_source_path not in state.withheld]
    for relative in state.withheld:
        generator.context["static_content"].pop(relative, None)
    copied = {s.relative_source_path for s in kept}
    for relative in sorted(set(state.published_files) - copied):
        static = generator.readers.read_file(base_path=generator.path, path=relative,
                                             content_class=Static, fmt="static",
                                             context=generator.context)
        generator.add_source_path(static, static=True)
        kept.append(static)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles


def register():
    signals.initialized.connect(apply_document_settings)
    signals.get_generators.connect(add_documents_generator)
    signals.static_generator_finalized.connect(publish_only_public_attachments)
