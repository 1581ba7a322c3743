// Site search on /tim-kiem/ with the Pagefind index (the only page that needs JavaScript).
// Queries are folded like the index (no diacritics, đ → d), so "cong doan" finds "công đoàn".
const PAGE_SIZE = 10;
const ORDER = "sap-xep";  // the address's parameter of the order, and the select's id
const NEWEST = "moi-nhat";

function fold(text) {
  return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

// The filters and their counts come with the page (made at build time, as Pagefind counts
// them): asking Pagefind would fetch every shard's filter index first.
function wireFilters(container, onChange) {
  for (const details of container.querySelectorAll(".search-filter")) {
    const summary = details.querySelector("summary");
    const name = summary.textContent;
    const showTicked = () => {  // seen with the list closed; boxes the browser restored count too
      const ticked = details.querySelectorAll("input:checked").length;
      summary.textContent = ticked ? `${name} (${ticked})` : name;
    };
    showTicked();
    details.addEventListener("change", () => { showTicked(); onChange(); });
  }
  container.hidden = false;
}

function selectedFilters(container) {
  const selected = {};
  container.querySelectorAll("input:checked").forEach((box) => {
    (selected[box.dataset.filter] ||= { any: [] }).any.push(box.value);
  });
  return selected;
}

function renderResult(data) {
  const item = element("li", { class: "search-result" });
  const heading = element("h2", { class: "search-result__title" });
  heading.append(element("a", { href: data.url }, data.meta.title));
  item.append(heading);
  const details = [data.meta.kind, data.meta.date, data.meta.unit].filter(Boolean).join(" · ");
  if (details) item.append(element("p", { class: "meta" }, details));
  if (data.meta.summary) item.append(element("p", { class: "search-result__summary" }, data.meta.summary));
  return item;
}

// The index comes in shards of consecutive months, newest first, merged into one Pagefind.
// A search by words is ranked across them by Pagefind. Browsing by filters alone is done one
// shard at a time, newest first: Pagefind scores a date-sorted result by its place in its own
// shard, so the merged list would interleave the years. Each shard's results carry a filter
// naming it. A browse searches for the word every record holds (data-every-record-word):
// Pagefind answers a search without a word by downloading the whole word index of every shard.
// Records added or edited since their shard was built are in a shard of edits (data-edits;
// search_index/patches.py), and the shards' old records of the same pages are buried: their
// ids hold data-buried. Lists by date take the edits in by the moment each record's metadata
// holds (data-moment; the edits are dated: a changed page rebuilds its shard). The shard of
// edits also holds a sample of the site's records, for Pagefind to rank its own as it ranks
// the others'; a filter marks them (data-sample), and no search shows them.
const SHARD = "kho";

function indexOf(root) {
  const words = (text) => (text || "").trim().split(/\s+/).filter(Boolean);
  const bundles = words(root.dataset.bundles);
  return {
    bundles,
    edits: root.dataset.edits || "",
    moment: root.dataset.moment,
    buried: root.dataset.buried,
    notSample: { none: { [root.dataset.sample]: "1" } },
    // Pagefind lists the undated records (pages) after the dated ones of the newest shard,
    // named after its first month: in a merge by date they count as that month's start.
    undated: bundles.length ? bundles[0].split("/").filter(Boolean).pop() : "",
  };
}

async function openShards(index) {
  const [first, ...others] = [...index.bundles, ...(index.edits ? [index.edits] : [])];
  const pagefind = await import(first + "pagefind.js");
  await pagefind.options({ basePath: first, mergeFilter: { [SHARD]: first } });
  for (const bundle of others) await pagefind.mergeIndex(bundle, { mergeFilter: { [SHARD]: bundle } });
  await pagefind.init();
  return pagefind;
}

// Whether a result is shown: not buried, and holding every searched word the index holds.
// Pagefind, for a word an index lacks, searches for the longest start of it the index holds,
// so that one misspelt word does not hide every result; each shard being an index of its own,
// a word some shards hold would be shortened by the others, which would list results without
// it. A word the site holds only in buried records does not count.
async function shownBy(pagefind, index, term) {
  const live = (result) => !result.id.includes(index.buried);
  const words = term.split(/\s+/).filter(Boolean);
  const found = await Promise.all((words.length > 1 ? words : []).map((word) =>
    pagefind.search(word, { filters: index.notSample })));
  const held = found.map((search) => search.results.filter(live))  // the results of each word the index holds
    .filter((results) => results.length).map((results) => new Set(results.map((result) => result.id)));
  return (result) => live(result) && held.every((ids) => ids.has(result.id));
}

// The results to show a page at a time: `count`, and `next(n)` the data of the next n.
function inOrder(results) {
  let shown = 0;
  return {
    count: results.length,
    next: (n) => Promise.all(results.slice(shown, (shown += n)).map((result) => result.data())),
  };
}

// Lists each newest first, shown as one list newest first: each page loads the data of at
// most n more results of each list (a page shows those data anyway, sooner or later).
function mergedByDate(lists, field, undated) {
  const cursors = lists.map((results) => ({ results, at: 0, loaded: new Map() }));
  const dataAt = (cursor, i) => {
    if (!cursor.loaded.has(i)) cursor.loaded.set(i, cursor.results[i].data());
    return cursor.loaded.get(i);
  };
  const moment = (data) => data.meta[field] || undated;
  return {
    count: lists.reduce((sum, results) => sum + results.length, 0),
    async next(n) {
      const heads = await Promise.all(cursors.map((cursor) =>
        Promise.all(cursor.results.slice(cursor.at, cursor.at + n).map((_, k) => dataAt(cursor, cursor.at + k)))));
      const taken = cursors.map(() => 0);
      const page = [];
      while (page.length < n) {
        let newest = -1;  // the list whose next record is the newest; the first on a tie
        heads.forEach((head, i) => {
          const data = head[taken[i]];
          if (data && (newest < 0 || moment(data) > moment(heads[newest][taken[newest]]))) newest = i;
        });
        if (newest < 0) break;
        page.push(heads[newest][taken[newest]++]);
      }
      cursors.forEach((cursor, i) => { cursor.at += taken[i]; });
      return page;
    },
  };
}

// Words are ranked by relevance unless the reader asks for the newest first; filters alone
// always list the newest first.
async function findAll(pagefind, index, term, filters, newestFirst, everyRecordWord) {
  const shown = await shownBy(pagefind, index, term);
  if (term && !newestFirst) {
    return inOrder((await pagefind.search(term, { filters: { ...filters, ...index.notSample } })).results.filter(shown));
  }
  const byDate = async (bundle) => (await pagefind.search(term || everyRecordWord,
    { filters: { ...filters, ...index.notSample, [SHARD]: bundle }, sort: { date: "desc" } })).results.filter(shown);
  const shards = [];
  for (const bundle of index.bundles) shards.push(...(await byDate(bundle)));
  return index.edits ? mergedByDate([shards, await byDate(index.edits)], index.moment, index.undated) : inOrder(shards);
}

async function main() {
  const root = document.getElementById("ket-qua-tim-kiem");
  const form = document.getElementById("form-tim-kiem");
  const input = document.getElementById("tu-can-tim");
  const status = root.querySelector(".search-status");
  const list = root.querySelector(".search-list");
  const more = root.querySelector(".search-more");
  const filterBox = root.querySelector(".search-filters");
  const order = root.querySelector(`#${ORDER}`);
  const index = indexOf(root);
  if (!index.bundles.length) {
    status.textContent = "Trang chưa có tin bài nào để tìm.";
    return;
  }
  let pagefind;
  try {
    pagefind = await openShards(index);
  } catch (error) {
    status.textContent = "Không tải được bộ tìm kiếm. Hãy thử lại sau.";
    return;
  }
  const asked = new URLSearchParams(location.search);
  input.value = asked.get("q") || "";
  if (asked.get(ORDER) === NEWEST) order.value = NEWEST;
  let results = inOrder([]);
  let shown = 0;
  let latest = 0;  // the number of the newest search: one started before it shows nothing

  async function showMore(search) {
    more.hidden = true;  // until these are on the page: a second click would add them twice
    const from = results;
    const page = await from.next(PAGE_SIZE);
    if (search !== latest || results !== from) return;  // a newer search, or its list, came meanwhile
    shown += page.length;
    page.forEach((data) => list.append(renderResult(data)));
    more.hidden = shown >= results.count;
  }

  async function run() {
    const search = ++latest;
    more.hidden = true;  // the list shown is not this search's
    const term = fold(input.value.trim());
    const filters = selectedFilters(filterBox);
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "Nhập từ cần tìm, hoặc chọn chuyên mục, đơn vị, loại tin bài.";
      more.hidden = true;
      return;
    }
    const found = await findAll(pagefind, index, term, filters, order.value === NEWEST, root.dataset.everyRecordWord);
    if (search !== latest) return;  // the reader changed the query meanwhile
    results = found;
    shown = 0;
    list.replaceChildren();
    status.textContent = results.count
      ? `Tìm thấy ${results.count} kết quả${input.value.trim() ? ` cho “${input.value.trim()}”` : ""}.`
      : "Không tìm thấy kết quả nào. Hãy thử từ khác.";
    await showMore(search);
    const url = new URL(location.href);
    url.searchParams.set("q", input.value.trim());
    if (order.value) url.searchParams.set(ORDER, order.value);
    else url.searchParams.delete(ORDER);
    history.replaceState(null, "", url);
  }

  wireFilters(filterBox, run);
  order.addEventListener("change", run);
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  more.addEventListener("click", () => showMore(latest));
  await run();
}

main();
