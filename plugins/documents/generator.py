"""Reads the documents, keeps the public ones, and writes their pages and listings.

Documents are read through Pelican's readers, so the content model's reader (the same core
path as articles and pages) parses and checks them; its errors stop the build with the others.
"""

from pelican.contents import SkipStub
from pelican.generators import Generator

from content_model.model import site_model
from union_core.publishing import is_public, is_scheduled

from .content import Document, Download
from .groups import by_campaign, group_documents, newest_first, resolve_number_links
from .options import STATE, DocumentsState


class DocumentsGenerator(Generator):
    def generate_context(self):
        model = site_model(self.settings)
        state = self.settings[STATE] = DocumentsState(self.settings[STATE].options)
        public, hidden = self._read_documents(model)
        state.documents = newest_first(public)
        state.withhold(public, hidden)
        types, issuers, years = group_documents(state.documents, model.registries,
                                                state.options.patterns)
        state.groupings = [*types, *issuers, *years]
        model.published_documents = state.documents
        resolve_number_links(self._contents_with_links(state.documents), state.documents)
        self.context.update(
            documents=state.documents, document_types=types, document_issuers=issuers,
            document_years=years, campaign_documents=by_campaign(state.documents),
            documents_url=state.options.index_url,
        )

    def _read_documents(self, model):
        """(public documents, the others); drafts' sources are marked as read, never linked."""
        show_future = self.settings["SHOW_FUTURE_ARTICLES"]
        public, hidden = [], []
        paths = self.get_files(self.settings["DOCUMENT_PATHS"], extensions=self.readers.extensions)
        for path in sorted(paths):
            document = self.readers.read_file(base_path=self.path, path=path,
                                              content_class=Document, context=self.context)
            usable = not isinstance(document, SkipStub)  # the reader found errors: reported
            if usable and is_public(document.status, document.date, model.now, show_future):
                document.scheduled = is_scheduled(document.date, model.now)
                self.add_source_path(document)
                public.append(document)
            else:
                self._add_failed_source_path(path)
                if usable:
                    hidden.append(document)
        return public, hidden

    def _contents_with_links(self, documents) -> list:
        context = self.context
        return [*context.get("articles", []), *context.get("pages", []),
                *context.get("hidden_pages", []), *documents]

    def generate_output(self, writer):
        state = self.settings[STATE]
        static_content = self.context["static_content"]
        for document in state.documents:
            document.downloads = [Download.of(a, static_content) for a in document.attachments]
        for document in state.documents:
            self._write(writer, document.save_as, document.url, "document", document=document)
        options = state.options
        self._write(writer, options.index_save_as, options.index_url, "documents",
                    articles=state.documents, grouping=None)
        for grouping in state.groupings:
            self._write(writer, grouping.save_as, grouping.url, "documents",
                        articles=grouping.documents, grouping=grouping)

    def _write(self, writer, save_as, url, template, **values):
        writer.write_file(save_as, self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], template_name=template,
                          url=url, **values)
