"""Measure one build in this process: ``python -m site_build.bench.measure '<json job>'``.

Each measured build runs in its own process, so its memory and CPU are its own and our
plugins' signal handlers never touch a stock Pelican build. Prints one JSON line: wall and CPU
time and peak memory per phase, CPU and peak memory of the child processes, pages written.
"""

import json
import logging
import resource
import sys
import time
from dataclasses import asdict
from pathlib import Path

PHASES = ("read", "write", "finish")


class Clock:
    """Wall time, CPU time and peak RSS at each phase boundary (signals of the build)."""

    def __init__(self):
        self.marks = [self._now()]

    @staticmethod
    def _now():
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (time.perf_counter(), own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime,
                own.ru_maxrss / 1024, kids.ru_maxrss / 1024)

    def mark(self, *_args, **_kwargs):
        self.marks.append(self._now())

    def totals(self) -> dict:
        first, last = self.marks[0], self.marks[-1]
        return {"wall": round(last[0] - first[0], 2), "cpu": round(last[1] - first[1], 2),
                "children_cpu": round(last[2] - first[2], 2), "peak_mb": round(last[3]),
                "children_peak_mb": round(last[4])}

    def report(self) -> dict:
        phases = {}
        for name, (start, end) in zip(PHASES, zip(self.marks, self.marks[1:])):
            phases[name] = {"wall": round(end[0] - start[0], 2), "cpu": round(end[1] - start[1] + end[2] - start[2], 2),
                            "peak_mb": round(end[3])}
        return {**self.totals(), "phases": phases}


def pelican_build(settings, clock: Clock) -> None:
    from pelican import Pelican, signals

    # Connected before Pelican registers the plugins, so each mark runs first at its signal.
    signals.all_generators_finalized.connect(clock.mark)
    signals.finalized.connect(clock.mark)
    Pelican(settings).run()
    clock.mark()


def main(job: dict) -> dict:
    sys.path[:0] = [job["root"], str(Path(job["root"]) / "plugins")]
    from pelican.log import init

    from search_index.footprint import site_footprint
    from site_build.settings import PUBLISH, load_settings

    init(level=logging.ERROR, name="pelican")
    clock = Clock()
    if job["mode"] == "nightly":
        return nightly_build(job, clock)
    if job["mode"] == "preview":
        return preview_rebuilds(job)
    if job["mode"] == "stock":
        from pelican.settings import read_settings

        settings = read_settings(job["settings"], override={"PATH": job["content"], "OUTPUT_PATH": job["output"]})
    else:
        settings = load_settings(PUBLISH, Path(job["content"]), Path(job["output"]), CACHE_PATH=job["cache"],
                                 BUILD_CLOCK=job.get("clock"), **job.get("overrides", {}))
    pelican_build(settings, clock)
    result = clock.report()
    result["pages"] = sum(1 for _ in Path(job["output"]).rglob("*.html"))
    writer = settings.get("UNION_WRITER")
    if writer is not None:
        result["pages_rendered"], result["pages_reused"] = writer.stats["rendered"], writer.stats["reused"]
        result["sources"] = settings["UNION_SITE"].read_stats
    images = settings.get("RESPONSIVE_IMAGES_RUN")
    if images is not None:
        result["images"] = dict(images.stats)
    footprint = site_footprint(settings)
    if footprint is not None:
        result["search"] = asdict(footprint)
    return result


def nightly_build(job: dict, clock: Clock) -> dict:
    from site_build.nightly import NightlyOptions, run_nightly

    run = run_nightly(NightlyOptions(Path(job["content"]), Path(job["output"]), clock=job.get("clock"),
                                     keep=job.get("keep", 3),
                                     overrides={**job.get("overrides", {}), "CACHE_PATH": job["cache"]}))
    clock.mark()
    return {**clock.totals(), "exit_code": run.exit_code,
            "phases": {name: {"wall": seconds} for name, seconds in run.report["durations"].items()},
            "verified": run.report.get("verified"), "reused": run.report.get("reused")}


def preview_rebuilds(job: dict) -> list[dict]:
    """What ``invoke serve`` does in one process: a first build, then a rebuild after each
    edit of ``job["edits"]`` (paths in the content folder, one article each time)."""
    from site_build.runner import build_site
    from site_build.settings import PREVIEW

    content, output = Path(job["content"]), Path(job["output"])
    settings = {**job.get("overrides", {}), "CACHE_PATH": job["cache"], "BUILD_CLOCK": job.get("clock")}
    builds = []
    for edited in [None, *job["edits"]]:
        if edited is not None:
            path = content / edited
            path.write_text(path.read_text(encoding="utf-8") + "\nCập nhật: bổ sung thông tin mới.\n", encoding="utf-8")
        clock = Clock()
        result = build_site(PREVIEW, content, output, **settings)
        clock.mark()
        if not result.ok:
            raise RuntimeError(result.message)
        builds.append(clock.totals())
    return builds


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
