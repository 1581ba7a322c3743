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
const SHARD = "kho";

async function openShards(bundles) {
  const pagefind = await import(bundles[0] + "pagefind.js");
  await pagefind.options({ basePath: bundles[0], mergeFilter: { [SHARD]: bundles[0] } });
  for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(bundle, { mergeFilter: { [SHARD]: bundle } });
  await pagefind.init();
  return pagefind;
}

// Words are ranked by relevance unless the reader asks for the newest first; filters alone
// always list the newest first.
async function findAll(pagefind, bundles, term, filters, newestFirst, everyRecordWord) {
  if (term && !newestFirst) return (await pagefind.search(term, { filters })).results;
  const byDate = [];
  for (const bundle of bundles) {
    const search = await pagefind.search(term || everyRecordWord, { filters: { ...filters, [SHARD]: bundle }, sort: { date: "desc" } });
    byDate.push(...search.results);
  }
  return byDate;
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
  const bundles = root.dataset.bundles.trim().split(/\s+/).filter(Boolean);
  if (!bundles.length) {
    status.textContent = "Trang chưa có tin bài nào để tìm.";
    return;
  }
  let pagefind;
  try {
    pagefind = await openShards(bundles);
  } catch (error) {
    status.textContent = "Không tải được bộ tìm kiếm. Hãy thử lại sau.";
    return;
  }
  const asked = new URLSearchParams(location.search);
  input.value = asked.get("q") || "";
  if (asked.get(ORDER) === NEWEST) order.value = NEWEST;
  let results = [];
  let shown = 0;
  let latest = 0;  // the number of the newest search: one started before it shows nothing

  async function showMore(search) {
    const next = results.slice(shown, shown + PAGE_SIZE);
    shown += next.length;
    more.hidden = true;  // until these are on the page: a second click would add them twice
    const page = await Promise.all(next.map((r) => r.data()));
    if (search !== latest) return;
    page.forEach((data) => list.append(renderResult(data)));
    more.hidden = shown >= results.length;
  }

  async function run() {
    const search = ++latest;
    const term = fold(input.value.trim());
    const filters = selectedFilters(filterBox);
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "Nhập từ cần tìm, hoặc chọn chuyên mục, đơn vị, loại tin bài.";
      more.hidden = true;
      return;
    }
    const found = await findAll(pagefind, bundles, term, filters, order.value === NEWEST, root.dataset.everyRecordWord);
    if (search !== latest) return;  // the reader changed the query meanwhile
    results = found;
    shown = 0;
    list.replaceChildren();
    status.textContent = results.length
      ? `Tìm thấy ${results.length} kết quả${input.value.trim() ? ` cho “${input.value.trim()}”` : ""}.`
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
