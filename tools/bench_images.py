"""Time the photo work of a build: ~50 demo-sized photos, cold and warm cache, 1 and 2 workers.

    .venv/bin/python tools/bench_images.py [--photos 50] [--runs 1]

Each scenario builds a fresh site (10 articles with 5 photos each, each with a cover) from the
demo's photos (1600×1067, some EXIF-rotated, some with GPS). "cold" starts from an empty cache,
"warm" rebuilds with the cache the cold build left. Prints the whole build time and the time
spent finding or making photos (``ImageRun.prepare``), with what the run counted.
"""

import argparse
import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from responsive_images.catalogue import ImageRun  # noqa: E402
from site_build.runner import run_pelican  # noqa: E402
from site_build.settings import PREVIEW, load_settings  # noqa: E402


def make_site(folder: Path, photos: list[Path]) -> Path:
    content = folder / "content"
    shutil.copytree(ROOT / "content/data", content / "data")
    unit = tomllib.loads((content / "data/units.toml").read_text())["unit"][0]["slug"]
    campaign = tomllib.loads((content / "data/campaigns.toml").read_text())["campaign"][0]["slug"]
    for number in range(0, len(photos), 5):
        group = photos[number:number + 5]
        article = content / f"2026/bai-{number // 5:02d}"
        article.mkdir(parents=True)
        body = []
        for index, photo in enumerate(group):
            shutil.copy(photo, article / f"anh-{index}.jpg")
            body.append(f'![Ảnh {index}](anh-{index}.jpg "Chú thích {index}")\n\nĐoạn {index}.\n')
        header = (f"title: Bài thử {number // 5}\ndate: 2026-05-{number // 5 + 1:02d} 08:00\n"
                  f"unit: {unit}\ncampaign: {campaign}\nkind: bai\ncover: anh-0.jpg\n\n")
        (article / "bai.md").write_text(header + "\n".join(body), encoding="utf-8")
    return content


def build(content: Path, output: Path, cache: Path, workers: int) -> dict:
    settings = load_settings(PREVIEW, content, output, BUILD_CLOCK="2026-11-21 12:00",
                             CACHE_PATH=str(cache), RESPONSIVE_IMAGES={"workers": workers})
    spent = []
    original = ImageRun.prepare

    def timed(self, wanted):
        started = time.perf_counter()
        original(self, wanted)
        spent.append(time.perf_counter() - started)

    ImageRun.prepare = timed
    started = time.perf_counter()
    try:
        run_pelican(settings)
    finally:
        ImageRun.prepare = original
    stats = settings["RESPONSIVE_IMAGES_RUN"].stats
    return {"build": time.perf_counter() - started, "images": sum(spent),
            "made": stats["made"], "cached": stats["cached"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--runs", type=int, default=1, help="repeat; keep the fastest")
    args = parser.parse_args()
    photos = sorted((ROOT / "content").rglob("*.jpg"))[: args.photos]
    print(f"{len(photos)} photos, {sum(p.stat().st_size for p in photos) / 1e6:.1f} MB")
    print(f"{'scenario':<18}{'build s':>9}{'images s':>10}{'made':>6}{'cached':>8}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        content = make_site(folder, photos)
        for workers in (1, 2):
            best = {}
            for run in range(args.runs):
                cache = folder / f"cache-{workers}-{run}"
                for phase in ("cold", "warm"):
                    result = build(content, folder / f"out-{workers}-{run}-{phase}", cache, workers)
                    if phase not in best or result["build"] < best[phase]["build"]:
                        best[phase] = result
            for phase, result in best.items():
                label = f"{phase}, {workers} worker" + ("s" if workers > 1 else "")
                print(f"{label:<18}{result['build']:>9.2f}{result['images']:>10.2f}"
                      f"{result['made']:>6}{result['cached']:>8}")


if __name__ == "__main__":
    main()
