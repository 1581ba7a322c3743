"""The reader's experience in a real browser (headless Chromium driven by Playwright).

Navigation on a phone and a desktop, search with and without diacritics, accessibility with
axe-core, no console error, no failed or off-site request, the weight of the pages, no layout
shift, and a screenshot of every page type at both sizes in output-screens/ (CI artifacts).
"""

import re
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import SCREENS, VIEWPORTS

BUDGET = 150 * 1024  # bytes transferred on first load, photos excluded
CLS_OBSERVER = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


class Visit:
    """One page load with everything the test checks recorded."""

    def __init__(self, page, base, output):
        self.page, self.base, self.output = page, base, output
        self.console_errors, self.failed, self.offsite, self.bytes = [], [], [], 0
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("requestfailed", self._request_failed)
        page.on("request", self._request)
        page.on("response", self._response)

    def _request_failed(self, request):
        """A request the browser gave up because it no longer needed it (a ``srcset`` candidate
        replaced when a full-page screenshot resized the window, on a slow machine) is not a
        broken resource when the file is there; anything else is."""
        path = unquote(urlsplit(request.url).path).lstrip("/")
        served = self.output / (path + "index.html" if path == "" or path.endswith("/") else path)
        if request.failure == "net::ERR_ABORTED" and served.is_file():
            return
        self.failed.append(f"{request.url} {request.failure}")

    def _request(self, request):
        if urlsplit(request.url).hostname not in ("127.0.0.1", None) and not request.url.startswith("data:"):
            self.offsite.append(request.url)

    def _response(self, response):
        if response.status >= 400 and not response.url.endswith("/khong-co-trang-nay/"):
            self.failed.append(f"{response.url} {response.status}")
        if response.request.resource_type != "image":
            sizes = response.request.sizes()
            self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def settle(self):
        """Scroll to the end (lazy images load), then back to the top."""
        self.page.evaluate("""async () => {
            for (let y = 0; y < document.body.scrollHeight; y += 500) { window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 40)); }
            window.scrollTo(0, 0); }""")
        self.page.wait_for_load_state("networkidle")

    def assert_clean(self, not_found_page=False):
        errors = self.console_errors
        if not_found_page:  # the browser reports the 404 status of the page it was asked for
            errors = [e for e in errors if "status of 404" not in e]
        assert errors == [], errors
        assert self.failed == [], self.failed
        assert self.offsite == [], self.offsite


@pytest.fixture(params=list(VIEWPORTS))
def visit(request, browser, served_site):
    base, output = served_site
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="vi-VN")
    context.add_init_script(CLS_OBSERVER)
    visits = []

    @contextmanager
    def open_page(path):
        page = context.new_page()
        current = Visit(page, base, output)
        visits.append(current)
        page.goto(base + path, wait_until="load")
        yield current
        page.close()

    open_page.viewport = request.param
    open_page.base = base
    yield open_page
    context.close()


def screenshot(visit, current, name):
    SCREENS.mkdir(exist_ok=True)
    current.settle()
    current.page.screenshot(path=str(SCREENS / f"{name}-{visit.viewport}.png"), full_page=True)


def test_navigation_home_campaign_article_unit_tally(visit):
    with visit("/") as home:
        assert home.page.locator("html").get_attribute("lang") == "vi"
        screenshot(visit, home, "trang-chu")
        home.page.locator(".site-nav a", has_text="Tháng Công nhân").first.click()
        home.page.wait_for_url("**/chuyen-muc/thang-cong-nhan/")
        assert "Tháng Công nhân" in home.page.locator("h1").inner_text()
        screenshot(visit, home, "chuyen-muc")
        home.page.locator(".card__title a").first.click()
        home.page.wait_for_load_state("load")
        assert home.page.locator(".article__title").count() == 1
        home.page.locator(".article__byline a").first.click()
        home.page.wait_for_url("**/don-vi/**")
        screenshot(visit, home, "don-vi")
        home.page.locator(".site-footer a", has_text="Thống kê").first.click()
        home.page.wait_for_url("**/thong-ke/")
        home.page.locator("main a[href*='/thong-ke/quy-ii-2026/']").first.click()
        home.page.wait_for_url("**/thong-ke/quy-ii-2026/")
        assert "58" in home.page.locator("main").inner_text()
        screenshot(visit, home, "thong-ke")
        home.assert_clean()


def _article_paths(output):
    story = next(p for p in output.glob("2026/05/*/index.html") if "hoi-thao-cong-nhan" in str(p) or "ngay-hoi" in str(p))
    plain = next(output.glob("2026/07/long-trong-mit-tinh-*/index.html"))
    return ["/" + str(plain.parent.relative_to(output)) + "/", "/" + str(story.parent.relative_to(output)) + "/"]


@pytest.mark.parametrize("page_type", ["home", "article"])
def test_pages_stay_light_and_do_not_shift(visit, served_site, page_type):
    _, output = served_site
    path = "/" if page_type == "home" else _article_paths(output)[0]
    with visit(path) as current:
        current.settle()
        assert current.bytes < 150 * 1024, f"{path}: {current.bytes} bytes without photos"
        shift = current.page.evaluate("window.__layoutShift")
        assert shift < 0.05, f"{path}: layout shift {shift}"
        blocking = current.page.evaluate("""() => [...document.querySelectorAll('head script[src]:not([defer]):not([async]):not([type=module])')].map(s => s.src)""")
        assert blocking == []
        current.assert_clean()


def _search(current, query):
    field = current.page.locator("#tu-can-tim")
    field.fill(query)
    current.page.locator("#form-tim-kiem button").click()
    current.page.wait_for_function("document.querySelector('.search-status').textContent.length > 0")
    current.page.wait_for_timeout(300)
    status = current.page.locator(".search-status").inner_text()
    found = re.search(r"Tìm thấy (\d+)", status)
    return int(found.group(1)) if found else 0, current.page.locator(".search-result__title").all_inner_texts()


def test_search_with_and_without_diacritics_and_a_filter(visit):
    with visit("/tim-kiem/") as current:
        current.page.wait_for_selector(".search-filters:not([hidden])")
        accented, titles = _search(current, "công đoàn")
        plain, _ = _search(current, "cong doan")
        assert accented > 10 and plain == accented
        month, titles = _search(current, "thang cong nhan")
        assert month > 0 and any("Tháng Công nhân" in t for t in titles)
        congress, _ = _search(current, "dai hoi")
        assert congress > 0
        assert _search(current, "đại hội")[0] == congress
        current.page.locator(".search-filter summary", has_text="Loại").click()
        current.page.locator("input[data-filter='Loại'][value='Ảnh']").check()
        current.page.wait_for_timeout(500)
        filtered = int(re.search(r"Tìm thấy (\d+)", current.page.locator(".search-status").inner_text()).group(1))
        assert 0 < filtered < congress or 0 < filtered < plain
        kinds = current.page.locator(".search-result .meta").all_inner_texts()
        assert kinds and all(k.startswith("Ảnh") for k in kinds)
        screenshot(visit, current, "tim-kiem")
        current.assert_clean()


def _day(meta):
    day, month, year = re.search(r"(\d\d)/(\d\d)/(\d{4})", meta).groups()
    return year, month, day


def _show_all(page):
    """Click "more" until every result is on the page."""
    while page.locator(".search-more").is_visible():
        before = page.locator(".search-result").count()
        page.locator(".search-more").click()
        page.wait_for_function(f"document.querySelectorAll('.search-result').length > {before}")


def _browse(page, filter_name, option):
    """Tick one option of a filter, no word; (the count the filter shows for it, the count the
    search reports, every result's title and meta line after "more" is clicked to the end)."""
    page.wait_for_selector(".search-filters:not([hidden])")
    page.locator(".search-filter summary", has_text=filter_name).click()
    label = page.locator(f"input[data-filter='{filter_name}'] + label").nth(option).inner_text()
    page.locator(f"input[data-filter='{filter_name}']").nth(option).check()
    page.wait_for_function("/Tìm thấy/.test(document.querySelector('.search-status').textContent)")
    page.wait_for_function("document.querySelectorAll('.search-result').length > 0")
    _show_all(page)
    found = int(re.search(r"Tìm thấy (\d+)", page.locator(".search-status").inner_text()).group(1))
    return (int(re.search(r"\((\d+)\)$", label).group(1)), found,
            page.locator(".search-result__title").all_inner_texts(), page.locator(".search-result .meta").all_inner_texts())


def test_browsing_a_filter_across_shards_lists_the_newest_first(visit):
    """No word, one unit ticked: every result of that unit, newest first, over all the shards."""
    with visit("/tim-kiem/") as current:
        current.page.wait_for_selector(".search-filters:not([hidden])")
        assert len(current.page.locator("#ket-qua-tim-kiem").get_attribute("data-bundles").split()) >= 3
        labels = current.page.locator("input[data-filter='Đơn vị'] + label").all_text_contents()
        counts = [int(re.search(r"\((\d+)\)$", label).group(1)) for label in labels]
        counted, found, _, metas = _browse(current.page, "Đơn vị", counts.index(max(counts)))
        assert current.page.locator(".search-filter summary", has_text="Đơn vị").inner_text() == "Đơn vị (1)"
        assert found == counted == len(metas) > 10
        days = [_day(meta) for meta in metas]
        assert days == sorted(days, reverse=True), days
        current.assert_clean()


def test_a_search_overtaken_by_a_newer_one_shows_nothing(visit):
    """Two units ticked in quick succession: one list, the second search's, newest first."""
    with visit("/tim-kiem/") as current:
        page = current.page
        page.wait_for_selector(".search-filters:not([hidden])")
        page.locator(".search-filter summary", has_text="Đơn vị").click()
        boxes = page.locator("input[data-filter='Đơn vị']")
        boxes.nth(0).check()
        boxes.nth(1).check()
        page.wait_for_function("/Tìm thấy/.test(document.querySelector('.search-status').textContent)")
        page.wait_for_timeout(1500)  # for a late answer to the first search, had it been shown
        found = int(re.search(r"Tìm thấy (\d+)", page.locator(".search-status").inner_text()).group(1))
        days = [_day(meta) for meta in page.locator(".search-result .meta").all_inner_texts()]
        assert len(days) == min(found, 10) and days == sorted(days, reverse=True), (found, days)
        current.assert_clean()


def test_words_ranked_by_relevance_or_newest_first(visit):
    """The order can be the newest first for a search by words too, kept in the address."""
    with visit("/tim-kiem/") as current:
        page = current.page
        page.wait_for_selector(".search-filters:not([hidden])")
        relevant, _ = _search(current, "cong doan")
        page.select_option("#sap-xep", "moi-nhat")
        page.wait_for_function("document.querySelectorAll('.search-result').length === 10")
        page.wait_for_timeout(300)
        assert int(re.search(r"Tìm thấy (\d+)", page.locator(".search-status").inner_text()).group(1)) == relevant
        days = [_day(meta) for meta in page.locator(".search-result .meta").all_inner_texts()]
        _show_all(page)
        newest = max(_day(meta) for meta in page.locator(".search-result .meta").all_inner_texts())
        assert days == sorted(days, reverse=True) and days[0] == newest, days
        assert "sap-xep=moi-nhat" in page.url
        current.assert_clean()


def test_browsing_lists_articles_a_day_apart_in_order(browser, daily_site):
    """40 articles a day apart in three shards: the exact order, and the whole index's word
    list is not downloaded for a search without a word."""
    base, _ = daily_site
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "/tim-kiem/")
    page.wait_for_selector(".search-filters:not([hidden])")
    requested.clear()
    counted, found, titles, _ = _browse(page, "Đơn vị", 0)
    assert counted == found == 40
    assert titles == [f"Tin ngày thứ {n}" for n in reversed(range(40))]
    chunks = [url for url in requested if url.endswith(".pf_index")]
    assert 0 < len(chunks) <= 3, chunks  # one per shard
    page.close()


SHOWN = """() => {
  const status = document.querySelector('.search-status').textContent;
  const found = status.match(/Tìm thấy (\\d+)/);
  return /Không tìm thấy/.test(status) || (found && document.querySelectorAll('.search-result').length === Math.min(+found[1], 10));
}"""


def _all_results(browser, base, address="", unit=None):
    """(the count the search page reports, [(title, meta line)] of every result) of the search
    in ``address`` ("?q=…&sap-xep=moi-nhat"), or of a browse of the ``unit`` ticked."""
    page = browser.new_page()
    page.goto(base + "/tim-kiem/" + address)
    page.wait_for_selector(".search-filters:not([hidden])")
    if unit is not None:
        page.locator(".search-filter summary", has_text="Đơn vị").click()
        page.locator(f"input[data-filter='Đơn vị'][value='{unit}']").check()
    page.wait_for_function(SHOWN)
    _show_all(page)
    status = page.locator(".search-status").inner_text()
    found = int(re.search(r"Tìm thấy (\d+)", status).group(1)) if "Tìm thấy" in status else 0
    results = [tuple(item) for item in page.evaluate("""() => [...document.querySelectorAll('.search-result')].map(
        (item) => [item.querySelector('.search-result__title').innerText, item.querySelector('.meta')?.innerText || ''])""")]
    page.close()
    return found, results


def test_a_patched_index_finds_and_lists_what_a_cold_build_does(browser, patched_and_cold_sites):
    """A nightly's search index patched with a shard of edits (``search_index.patches``) against
    a cold build's of the same content: the same count and results for words, ranked or newest
    first (a page among them), and for each unit browsed, newest first."""
    from search_index.bundles import BURIED, META_RECORDS
    from search_index.canonical import read_pagefind_file

    (nightly, nightly_output), (cold, cold_output) = patched_and_cold_sites
    assert 'data-edits="http' in (nightly_output / "tim-kiem/index.html").read_text(encoding="utf-8")
    buried = [record[0] for meta in nightly_output.glob("pagefind/*/pagefind.*.pf_meta")
              for record in read_pagefind_file(meta)[META_RECORDS] if BURIED in record[0]]
    assert len(buried) == 4  # 3 (retitled), 11, 20, 27 (removed)
    assert 'data-edits=""' in (cold_output / "tim-kiem/index.html").read_text(encoding="utf-8")
    for address in ("?q=tin&sap-xep=moi-nhat", "?q=noi+dung&sap-xep=moi-nhat", "?q=noi+dung+moi&sap-xep=moi-nhat",
                    "?q=lien+doan&sap-xep=moi-nhat"):
        mine, theirs = _all_results(browser, nightly, address), _all_results(browser, cold, address)
        assert mine == theirs and mine[0] > 0, (address, mine, theirs)
    for address in ("?q=tin", "?q=noi+dung+moi", "?q=bach+dang", "?q=tin+so+27"):
        (found, results), (cold_found, cold_results) = _all_results(browser, nightly, address), _all_results(browser, cold, address)
        assert found == cold_found and sorted(results) == sorted(cold_results), (address, found, cold_found, set(results) ^ set(cold_results))  # the order by relevance may differ
    found, results = _all_results(browser, nightly, "?q=bạch+đằng")
    assert found == 1 and results[0][1].endswith("Ban TC"), results
    # Words only an edited article's old text held do not find it. (Pagefind, for a word an index
    # lacks, searches for the longest start of it the index holds, shard by shard: "song" finds
    # "số" in the shards without the buried old text, so the count differs from a cold build's.)
    assert "Tin thứ 11" not in [title for title, _ in _all_results(browser, nightly, "?q=song+lam")[1]]
    found, results = _all_results(browser, nightly, "?q=tin&sap-xep=moi-nhat")
    newest_shard = [title for title, meta in results if re.search(r"/(12/2025|01/2026) ", meta)]
    assert found == 46 and results[len(newest_shard)] == ("Giới thiệu Liên đoàn", ""), "the page after its shard"
    assert _all_results(browser, nightly, "?q=noi+dung+moi")[0] == 4  # every word, though most shards lack "moi"
    for unit in ("Ban Tổ chức", "LĐLĐ huyện Đông Hà"):
        found, results = _all_results(browser, nightly, unit=unit)
        assert found > 10 and (found, results) == _all_results(browser, cold, unit=unit), unit


def test_the_benchmarks_search_footprint_is_what_the_browser_downloads(browser, daily_site):
    """``search_index.footprint``, which the benchmark prints, against Pagefind's own client:
    the files the search page loads before a search, and the word-index chunks one searched
    word loads: a word every record holds, one only one article holds, and one that falls
    between two chunks' shortened bounds (no article holds it)."""
    from search_index.canonical import read_pagefind_file
    from search_index.footprint import META_WORD_CHUNKS, reader_footprint

    base, output = daily_site
    index = output / "pagefind"
    bounds = [(chunk[1], following[0]) for meta in index.glob("*/pagefind.*.pf_meta")
              for chunk, following in zip(read_pagefind_file(meta)[META_WORD_CHUNKS],
                                          read_pagefind_file(meta)[META_WORD_CHUNKS][1:])]
    last, first = next((last, first) for last, first in bounds if not first.startswith(last))
    between = last + "zz"  # after one chunk's last bound, before the next one's first
    assert last < between < first
    for word in (None, "tin", "tu7x500", between):  # each in a page of its own: nothing fetched before
        page = browser.new_page()
        requested = []
        page.on("request", lambda request: requested.append(unquote(urlsplit(request.url).path).lstrip("/")))
        page.goto(base + "/tim-kiem/" + (f"?q={word}" if word else ""))
        page.wait_for_selector(".search-filters:not([hidden])")  # shown once every shard is open
        if word is None:
            opened = sum((output / path).stat().st_size for path in set(requested) if path.startswith("pagefind/"))
            assert opened == reader_footprint(index).opening_bytes
        else:
            page.wait_for_function("/Tìm thấy|Không tìm thấy/.test(document.querySelector('.search-status').textContent)")
            fetched = {path for path in requested if path.endswith(".pf_index")}
            assert len(fetched) >= reader_footprint(index).shards >= 2, word  # one of each shard at least
            assert sum((output / path).stat().st_size for path in fetched) == \
                reader_footprint(index, [word]).bytes_per_word, word
        page.wait_for_load_state("networkidle")  # (the results' fragments too, before the page goes)
        page.close()


def _axe_pages(output):
    article, story = _article_paths(output)
    return {"trang-chu": "/", "bai-viet": article, "phong-su-anh": story,
            "chuyen-muc": "/chuyen-muc/cong-doan-vi-loi-ich-doan-vien/", "don-vi": "/don-vi/ldld-thanh-pho-dong-lam/",
            "thong-ke": "/thong-ke/quy-ii-2026/", "tim-kiem": "/tim-kiem/?q=cong+doan", "404": "/khong-co-trang-nay/"}


def test_no_serious_accessibility_violation(visit, served_site, axe_script):
    _, output = served_site
    problems = {}
    for name, path in _axe_pages(output).items():
        with visit(path) as current:
            if name == "tim-kiem":
                current.page.wait_for_selector(".search-result")
            current.settle()
            current.page.add_script_tag(content=axe_script)
            result = current.page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
                .violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
            if result:
                problems[name] = result
            if name in ("bai-viet", "phong-su-anh", "404"):
                screenshot(visit, current, name)
            current.assert_clean(not_found_page=name == "404")
    assert problems == {}
