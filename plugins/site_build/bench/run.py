"""``invoke bench``: our build against stock Pelican on the same synthetic archive, side by side.

Scenarios, each measured in its own process:
- **full**: a cold build with every feature (empty caches) and, on the same corpus, stock
  Pelican 4.12 with its stock theme, category and tag feeds;
- **nightly**: ``invoke nightly`` from a fresh copy of the corpus (new modification times, as a
  CI checkout) with 10 articles edited and the caches of the previous run restored, into the
  deploy folder of the previous run (a self-hosted runner) or a new one (a hosted runner);
- **preview**: ``invoke serve`` on a copy of the corpus: its first build, then a rebuild after
  each of ``repeat`` edits (one article each, spread over the archive), in one process;
- **photos**: 200 photos of 3000×2000 turned into derivatives on 1 and on 2 cores, then a
  rebuild that must make none.
"""

import ast
import difflib
import json
import multiprocessing
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from site_build.runner import spare_folder
from union_core.files import link_tree

from .corpus import add_articles, generate_corpus

STOCK_SETTINGS = """
SITENAME = "Stock Pelican"
SITEURL = "https://stock.example"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
DEFAULT_PAGINATION = 12
PLUGINS = []
STATIC_PATHS = []
ARTICLE_EXCLUDES = ["data"]
"""


def measure(root: Path, job: dict) -> dict:
    """Run one measured build in a fresh Python process."""
    job = {"root": str(root), **{k: str(v) if isinstance(v, Path) else v for k, v in job.items()}}
    result = subprocess.run([sys.executable, "-m", "site_build.bench.measure", json.dumps(job)],
                            cwd=root, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(root / "plugins")})
    if result.returncode != 0:
        raise RuntimeError(f"measured build failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def corpus(work: Path, root: Path, size: int) -> Path:
    target = work / f"corpus-{size}"
    if not (target / ".complete").exists():
        generate_corpus(target, size, root / "content" / "data")
        (target / ".complete").write_text("ok")
    return target


TRASH = ".trash"  # under the work folder: what the runs replaced, deleted once the bench is done


def fresh(path: Path) -> Path:
    """``path``, emptied for a run: what was there is moved to the trash (``discard``)."""
    discard(path)
    return path


def discard(path: Path) -> None:
    """Move ``path`` aside, to be deleted when the bench is done (``empty_trash``), not now.
    When ext4 allocates an inode it skips those freed in the last 60-300 s, and the skipping
    grows with their number: deleting each build's 36,000 files just before the next one made
    the kernel time of the same cold build climb from 7 s to 38 s over five runs (and back to
    8 s after five idle minutes). The CI machine a nightly runs on has no such backlog, so the
    measured builds should not pay for the bench's own deletions either."""
    if path.exists() or path.is_symlink():
        trash = path.parent / TRASH
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{time.time_ns()}-{path.name}")


def empty_trash(work: Path) -> None:
    shutil.rmtree(work / TRASH, ignore_errors=True)


# Set by the bench itself for each build: where the content, the output and the caches are, and the clock.
BENCH_SETTINGS = ("PATH", "OUTPUT_PATH", "CACHE_PATH", "BUILD_CLOCK")


def parse_settings(pairs, known=()) -> dict:
    """``["NAME=VALUE", …]`` (``invoke bench --setting``) as settings: the value as a Python
    literal (``400``, ``True``, ``["a"]``), else as text. A name the bench sets itself is
    refused, and so is one that is not in ``known`` (``site_build.settings.known_setting_names``)
    but nearly is: a misspelt name would have the bench measure the defaults for many minutes.
    A name far from all of them is let through (a plugin may read a setting it declares nowhere)."""
    settings = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name.isidentifier() or not name.isupper():
            raise ValueError(f"--setting {pair!r}: hãy viết TÊN=GIÁ_TRỊ, tên viết hoa như trong pelicanconf.py, "
                             "ví dụ --setting SEARCH_SHARD_SIZE=400")
        if name in BENCH_SETTINGS:
            raise ValueError(f"--setting {name}: bench tự đặt {', '.join(BENCH_SETTINGS)} cho mỗi lần dựng; hãy bỏ nó đi")
        near = difflib.get_close_matches(name, known, n=1, cutoff=0.85) if name not in known else []
        if near:
            raise ValueError(f"--setting {name}: không có thiết lập này; có phải ý bạn là {near[0]}?")
        try:
            settings[name] = ast.literal_eval(value.strip())
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            settings[name] = value.strip()
    return settings


def median_run(runs: list[dict]) -> dict:
    """The run of median wall time, with every run's wall time beside it (``walls``): one
    run on a shared virtual machine can be 30 % off, the median of several is not."""
    chosen = sorted(runs, key=lambda run: run["wall"])[len(runs) // 2]
    return {**chosen, "walls": [run["wall"] for run in runs]}


def full_build(root: Path, work: Path, size: int, stock: bool, repeat: int = 1, settings: dict | None = None) -> dict:
    """``repeat`` cold builds of ours and of stock Pelican, alternating, so that both meet the
    same moments of a noisy machine; the ratio is of the medians. ``settings`` override ours,
    never stock Pelican's."""
    settings = settings or {}
    content = corpus(work, root, size)
    stock_settings = work / "stockconf.py"
    stock_settings.write_text(STOCK_SETTINGS)
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(measure(root, {"mode": "union", "content": content, "output": fresh(work / "out"),
                                   "cache": fresh(work / "cache-cold"), "overrides": settings}))
        if stock:
            theirs.append(measure(root, {"mode": "stock", "content": content, "output": fresh(work / "out-stock"),
                                         "settings": stock_settings}))
    result = {"articles": size, "ours": median_run(ours)}
    if stock:
        result["stock"] = median_run(theirs)
        result["ratio"] = round(result["ours"]["wall"] / result["stock"]["wall"], 2)
    return result


def edit_articles(content: Path, count: int, newest: bool = False) -> list[str]:
    """Append a sentence to ``count`` articles chosen deterministically: spread over the whole
    archive, or the ``newest`` (the corpus's paths sort by date)."""
    files = sorted(content.rglob("*.md"))
    chosen = files[-count:] if newest else random.Random(count).sample(files, count)
    for path in chosen:
        path.write_text(path.read_text(encoding="utf-8") + "\nCập nhật: bổ sung thông tin mới.\n", encoding="utf-8")
    return [p.name for p in chosen]


# What a measured nightly changes in the checkout: 10 articles edited over ten years (the
# issue's figure), the 10 newest edited, or 10 new articles (what most real nights publish).
SCENARIOS = {
    "spread": ("10 edited, spread over the archive", lambda checkout: edit_articles(checkout, 10)),
    "newest": ("10 edited, the newest", lambda checkout: edit_articles(checkout, 10, newest=True)),
    "added": ("10 new articles", lambda checkout: add_articles(checkout, 10, datetime(2026, 11, 20, 7, 0))),
}


RETIRED = "20261119-050000-000000"  # not in the history: deleted by the next nightly


def nightly(root: Path, work: Path, size: int, scenario: str = "spread", repeat: int = 1, photos: int = 0,
            releases_kept: bool = True, settings: dict | None = None) -> dict:
    """A first nightly deploys the corpus; then, ``repeat`` times from the same state (the
    deploy folder and the cache as the first nightly left them), a nightly of a fresh checkout
    changed as the ``scenario`` says (``SCENARIOS``) and the cache restored as a copy, as CI
    does. The checkout is a copy of the corpus (new modification times), or with ``photos``
    a ``git clone`` of the corpus with that many photo articles (``photo_archive``). The deploy
    folder is as a nightly leaves it once it holds ``keep`` releases (one here): the live release
    and the one it replaced, which the next nightly deletes while it builds (42,000 files and
    folders at 10k). Without ``releases_kept`` each measured nightly deploys into a new, empty
    folder, as on a hosted CI runner that restores only the cache folder."""
    settings = settings or {}
    source = photo_archive(root, work, size, photos) / "content" if photos else corpus(work, root, size)
    deploy, cache = fresh(work / "www"), fresh(work / "cache-ci")
    releases = fresh(work / "www.releases")
    first = measure(root, {"mode": "nightly", "content": source, "output": deploy, "cache": cache,
                           "clock": "2026-11-20 05:00", "overrides": settings})
    live = os.readlink(deploy)
    link_tree(deploy.resolve(), releases / RETIRED)  # the release the live one replaced
    snapshot = fresh(work / "www.snapshot")
    link_tree(releases, snapshot)
    checkout = content = fresh(work / "checkout")
    if photos:
        subprocess.run(["git", "clone", "-q", str(source.parent), str(checkout)], check=True)
        content = checkout / "content"
    else:
        shutil.copytree(source, checkout)  # new modification times, as a fresh clone
    changed = SCENARIOS[scenario][1](content)
    runs = []
    for _ in range(repeat):
        discard(releases)
        link_tree(snapshot, releases)
        deploy.unlink()
        os.symlink(live, deploy)
        restored = fresh(work / "cache-restored")
        shutil.copytree(cache, restored)  # CI restores the cache folder
        target = deploy if releases_kept else fresh(work / "runner") / "www"
        runs.append(measure(root, {"mode": "nightly", "content": content, "output": target, "cache": restored,
                                   "clock": "2026-11-21 05:00", "keep": 1, "overrides": settings}))
    discard(snapshot)
    return {"articles": size, "scenario": scenario, "changed": len(changed), "photos": photos, "first": first,
            "releases_kept": releases_kept, "nightly": median_run(runs)}


def preview(root: Path, work: Path, size: int, repeat: int = 1, settings: dict | None = None) -> dict:
    """An editor's preview (``PREVIEW`` settings, ``build_site`` as ``invoke serve`` runs it):
    the first build with empty caches, then the median of ``repeat`` rebuilds after one edit."""
    settings = settings or {}
    content = fresh(work / "preview-content")
    shutil.copytree(corpus(work, root, size), content)
    articles = sorted(path.relative_to(content).as_posix() for path in content.rglob("*.md"))
    output = fresh(work / "preview-out")
    fresh(spare_folder(output))  # a build leaves the site it replaced there
    first, *rebuilds = measure(root, {"mode": "preview", "content": content, "output": output,
                                      "cache": fresh(work / "cache-preview"), "clock": "2026-11-21 05:00",
                                      "overrides": settings,
                                      "edits": random.Random(1).sample(articles, repeat)})
    return {"articles": size, "first": first, "rebuild": median_run(rebuilds)}


def _archive_photo(job) -> None:
    """A 3000×2000 photo with fine grain, as a phone takes it (1.7 MB; a drawing alone is 0.15 MB)."""
    path, number = job
    from PIL import Image
    from make_demo_image import draw_scene

    grain = Image.effect_noise((3000, 2000), 40).convert("RGB")
    Image.blend(draw_scene(3000, 2000, number, f"ẢNH {number}"), grain, 0.15).save(path, quality=90)


def photo_archive(root: Path, work: Path, size: int, photos: int) -> Path:
    """A git repository whose ``content`` is the corpus with a photo (cover and body) in
    ``photos`` articles, those just before the 20 newest (made once, then kept)."""
    repository = work / f"archive-{size}-{photos}"
    if (repository / ".complete").exists():
        return repository
    fresh(repository)
    content = repository / "content"
    shutil.copytree(corpus(work, root, size), content, ignore=shutil.ignore_patterns(".complete"))
    jobs = []
    for number, article in enumerate(sorted(content.rglob("*.md"))[-photos - 20:-20]):
        name = article.stem[:5] + "-anh.jpg"
        header, body = article.read_text(encoding="utf-8").split("\n\n", 1)
        article.write_text(f"{header}\ncover: {name}\n\n![Ảnh minh họa số {number}]({name})\n\n{body}", encoding="utf-8")
        jobs.append((article.with_name(name), number))
    sys.path.insert(0, str(root / "tools"))
    with multiprocessing.get_context("fork").Pool(len(os.sched_getaffinity(0))) as pool:
        pool.map(_archive_photo, jobs, chunksize=4)
    git = ["git", "-C", str(repository), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "kho bài"]):
        subprocess.run(git + command, check=True)
    (repository / ".complete").write_text("ok")
    return repository


def machine() -> dict:
    model = ""
    if Path("/proc/cpuinfo").exists():
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    return {"date": datetime.now().strftime("%Y-%m-%d"), "cpu": model or platform.processor(),
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "python": platform.python_version(), "system": platform.platform()}


def photo_site(root: Path, work: Path, count: int) -> Path:
    """A small site whose articles hold ``count`` photos of 3000×2000 (drawn once, then kept)."""
    content = work / f"photos-{count}"
    if (content / ".complete").exists():
        return content
    sys.path.insert(0, str(root / "tools"))
    from make_demo_image import draw_scene

    fresh(content)
    shutil.copytree(root / "content" / "data", content / "data", ignore=shutil.ignore_patterns("plans"))
    for number in range(count):
        folder = content / "2026" / f"bai-anh-{number // 10:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        draw_scene(3000, 2000, number, f"ẢNH SỐ {number}").save(folder / f"anh-{number % 10}.jpg", quality=85)
    for folder in sorted((content / "2026").iterdir()):
        index = int(folder.name.rsplit("-", 1)[1])
        body = "\n\n".join(f'![Ảnh {i} của bài {index}](anh-{i}.jpg "Ảnh {i}")' for i in range(10)
                           if (folder / f"anh-{i}.jpg").exists())
        (folder / "bai.md").write_text(
            f"title: Phóng sự ảnh số {index}\ndate: 2026-05-{index % 28 + 1:02d} 08:00\nunit: ban-to-chuc\n"
            f"campaign: hoat-dong-cong-doan\nkind: anh\ncover: anh-0.jpg\n\n{body}\n", encoding="utf-8")
    (content / ".complete").write_text("ok")
    return content


def photos(root: Path, work: Path, count: int, settings: dict | None = None) -> dict:
    settings = settings or {}
    content, result = photo_site(root, work, count), {"photos": count}
    for workers in (1, 2):
        cache = fresh(work / f"cache-photos-{workers}")
        images = {**settings.get("RESPONSIVE_IMAGES", {}), "workers": workers}  # the scenario's own
        job = {"mode": "union", "content": content, "cache": cache,
               "overrides": {**settings, "RESPONSIVE_IMAGES": images}}
        result[f"cold_{workers}"] = measure(root, {**job, "output": fresh(work / "out-photos")})
        if workers == 2:
            result["warm"] = measure(root, {**job, "output": fresh(work / "out-photos")})
    result["speedup"] = round(result["cold_1"]["wall"] / result["cold_2"]["wall"], 2)
    return result


def _row(label: str, figures: dict) -> str:
    phases = " / ".join(f"{figures['phases'][p]['wall']:.1f}" for p in figures.get("phases", {}))
    walls = figures.get("walls", [])
    spread = f" ({min(walls):.1f}–{max(walls):.1f})" if len(walls) > 1 else ""
    return (f"| {label} | {figures['wall']:.1f} s{spread} | {figures['cpu'] + figures.get('children_cpu', 0):.1f} s "
            f"| {figures['peak_mb']} MB ({figures.get('children_peak_mb', 0)} MB) | {phases} |")


def report(results: dict) -> str:
    """The results as a Markdown section (what ``--write`` appends to docs/benchmark.md)."""
    info = results["machine"]
    repeat = results.get("repeat", 1)
    runs = f"median of {repeat} runs (range)" if repeat > 1 else "one run"
    lines = [f"### {info['date']} — {info['cores']} cores, {info['cpu']}, Python {info['python']}", ""]
    if results.get("settings"):
        lines += ["Our builds' settings: " + ", ".join(f"`{name} = {value!r}`" for name, value in results["settings"].items()), ""]
    lines += [f"| build | wall, {runs} | CPU (all processes) | peak RSS (largest child) | phases (s) |", "|---|---|---|---|---|"]
    for full in results.get("full", []):
        n = full["articles"]
        lines.append(_row(f"ours, {n} articles, cold", full["ours"]))
        pages = full["ours"]["pages"] / full["ours"]["wall"]
        if "stock" in full:
            lines.append(_row(f"stock Pelican, {n} articles", full["stock"]))
            lines.append(f"| ratio ours / stock | **{full['ratio']:.2f}×** | | | {pages:.0f} pages/s (ours) |")
    for night in results.get("nightly", []):
        photos = f" ({night['photos']} with a 3000×2000 photo, git clone)" if night.get("photos") else ""
        where = "restored cache" if night.get("releases_kept", True) else "restored cache only, new deploy folder"
        lines.append(_row(f"nightly, {night['articles']} articles{photos}, {SCENARIOS[night['scenario']][0]}, {where}",
                          night["nightly"]))
    for view in results.get("preview", []):
        lines.append(_row(f"preview (invoke serve), {view['articles']} articles, first build", view["first"]))
        lines.append(_row(f"preview (invoke serve), {view['articles']} articles, rebuild after 1 edit",
                          view["rebuild"]))
    if "photos" in results:
        photos = results["photos"]
        lines.append(_row(f"{photos['photos']} photos 3000×2000, 1 core", photos["cold_1"]))
        lines.append(_row(f"{photos['photos']} photos 3000×2000, 2 cores", photos["cold_2"]))
        lines.append(_row(f"rebuild, images made: {photos['warm'].get('images', {}).get('made')}", photos["warm"]))
        lines.append(f"| speed-up 2 cores / 1 | **{photos['speedup']:.2f}×** | | | |")
    searched = [(full["articles"], full["ours"]["search"]) for full in results.get("full", []) if "search" in full["ours"]]
    if searched:
        lines += ["", "What a reader's browser downloads to search (the index's files as stored, `search_index.footprint`):", ""]
        lines += [f"- {n} articles: {search['shards']} shards; {search['opening_bytes'] / 1000:.0f} kB to open the "
                  f"search page, then {search['bytes_per_word'] / 1000:.0f} kB for each word searched"
                  for n, search in searched]
    return "\n".join(lines) + "\n"
