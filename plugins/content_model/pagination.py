"""Stable pagination: a list's older pages never change when new articles arrive.

Pelican numbers a list's pages from the newest, so every new article moves one article of
every page of every list it is in to the next page: 10 new articles in a 10,000-article site
changed some 4,000 pages (all 834 of the home page's, and those of each campaign, unit and tag
they were filed under), which the nightly had to render, verify and publish again, and a link
to "page 5" showed other articles every day. Here pages are numbered from the oldest, like the
pages of a notebook:

- the list's own address (the **front** page) shows the newest articles, at least
  ``per_page`` and fewer than twice as many (all of them in a shorter list);
- page 1 holds the oldest ``per_page`` articles, page 2 the next ``per_page``, and so on, each
  newest first like the front;
- when the front reaches twice ``per_page`` articles, its older half becomes the next page.

A numbered page keeps its articles and its address forever, and its bytes too once three
newer pages follow it (its bar links to the pages either side of it; see ``ListPage.bar``).
The URL of the front and of numbered pages come from Pelican's ``PAGINATION_PATTERNS``: the
front from the pattern for page 1, numbered pages from the pattern for later pages.
"""

import posixpath
from dataclasses import dataclass
from functools import cached_property

from pelican.writers import Writer

FRONT = 0  # the number of the front page; numbered pages count from 1, the oldest
AROUND = 2  # numbered pages shown either side of the current one in the bar


class StablePaginator:
    """The pages of one list (``object_list``: newest first), as Pelican's paginator is used by
    templates: ``num_pages``, ``count``, ``page(number)``."""

    def __init__(self, name: str, url: str, object_list, settings, per_page: int):
        self.name, self.url, self.object_list = name, url or "", list(object_list)
        self.per_page = max(1, int(per_page))
        self.patterns = settings["PAGINATION_PATTERNS"]
        self.numbered = max(0, len(self.object_list) // self.per_page - 1)

    @property
    def count(self) -> int:
        return len(self.object_list)

    @property
    def num_pages(self) -> int:
        """The front and the numbered pages."""
        return self.numbered + 1

    def page(self, number: int) -> "ListPage":
        if number == FRONT:
            shown = self.object_list[:self.count - self.numbered * self.per_page]
        elif 1 <= number <= self.numbered:
            end = self.count - (number - 1) * self.per_page
            shown = self.object_list[end - self.per_page:end]
        else:
            raise IndexError(f"{self.name}: no page {number} (pages 1-{self.numbered} and the front)")
        return ListPage(number, shown, self)

    def address(self, number: int, key: str) -> str:
        """``key`` "URL" or "SAVE_AS" of a page, from ``PAGINATION_PATTERNS``."""
        rules = sorted(self.patterns, key=lambda rule: rule[0])
        later = [rule for rule in rules if rule[0] > 1] or rules
        rule = rules[0] if number == FRONT else later[-1]
        name, extension = posixpath.splitext(self.name)
        folder, file = posixpath.split(self.name)
        value = rule[1 if key == "URL" else 2].format(
            save_as=self.name, url=self.url, name=name, extension=extension, number=number,
            base_name=folder if file in ("index.htm", "index.html") else name)
        return value[1:] if value.startswith("/") else value


@dataclass(frozen=True, eq=False)
class ListPage:
    number: int  # FRONT, or 1 (the oldest articles) up to the paginator's ``numbered``
    object_list: list
    paginator: StablePaginator

    @property
    def front(self) -> bool:
        return self.number == FRONT

    @cached_property
    def url(self) -> str:
        return self.paginator.address(self.number, "URL")

    @cached_property
    def save_as(self) -> str:
        return self.paginator.address(self.number, "SAVE_AS")

    def has_other_pages(self) -> bool:
        return self.paginator.numbered > 0

    @property
    def _position(self) -> int:
        """Where this page stands among all, newest first: the front is 0, the oldest page last."""
        return 0 if self.front else self.paginator.numbered - self.number + 1

    def _number_at(self, position: int) -> int:
        return FRONT if position == 0 else self.paginator.numbered - position + 1

    @cached_property
    def bar(self) -> tuple:
        """The numbers the pagination bar shows, newest first, with None where pages are left
        out: the front, the oldest page and ``AROUND`` pages either side of this one. It
        depends on the newest pages only near them, so older pages keep their bytes."""
        if not self.has_other_pages():
            return ()
        last, here = self.paginator.numbered, self._position
        shown = sorted({0, last, *range(max(0, here - AROUND), min(last, here + AROUND) + 1)})
        bar, before = [], None
        for position in shown:
            if before is not None and position - before > 1:
                bar.append(None)
            bar.append(self._number_at(position))
            before = position
        return tuple(bar)

    @property
    def newer(self) -> "ListPage | None":
        return None if self.front else self.paginator.page(self._number_at(self._position - 1))

    @property
    def older(self) -> "ListPage | None":
        position = self._position + 1
        return self.paginator.page(self._number_at(position)) if position <= self.paginator.numbered else None

    def __repr__(self) -> str:
        return f"<ListPage {'front' if self.front else self.number} of {self.paginator.name}>"


class StablePaginationWriter(Writer):
    """Pelican's writer with the pages of ``PAGINATED_TEMPLATES`` made by ``StablePaginator``;
    templates get Pelican's names (``articles_page``, ``articles_paginator``, and
    ``articles_previous_page`` / ``articles_next_page``: the newer and the older page)."""

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in ("articles", "dates")}
        if not name or not paginated or template_name not in self.settings["PAGINATED_TEMPLATES"]:
            return self.write_page(name, template, context, relative_urls, template_name, override_output, url, **kwargs)
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        paginators = {key: StablePaginator(name, url, values, self.settings, per_page)
                      for key, values in paginated.items()}
        first = next(iter(paginators.values()))
        for number in (FRONT, *range(first.numbered, 0, -1)):
            page_values = {}
            for key, paginator in paginators.items():
                page = paginator.page(number)
                page_values.update({f"{key}_paginator": paginator, f"{key}_page": page,
                                    f"{key}_previous_page": page.newer, f"{key}_next_page": page.older})
            self.write_page(first.page(number).save_as, template, context, relative_urls, template_name,
                            override_output, url, **{**kwargs, **page_values})

    def write_page(self, name, template, context, relative_urls, template_name, override_output, url, **kwargs):
        """One page, paginated already: Pelican's writer without its pagination."""
        super().write_file(name, template, context, relative_urls, {}, template_name, override_output, url, **kwargs)
