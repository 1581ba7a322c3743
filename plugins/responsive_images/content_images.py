"""The photos of published articles and pages: made, reported, and put into their HTML.

The references come from the content model's reading of each file (``ContentSource``: the
images the Markdown shows, the local files it links to, the ``cover`` field, each with its
line), so nothing is parsed twice and every problem names the article, the line and the photo.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from union_core.images import is_image_name
from union_core.issues import ERROR, IssueLog

from .catalogue import RESPONSIVE, SOCIAL, ImageRun
from .markup import rewrite_images
from .rewrites import rewrite_key

PASSTHROUGH = {".svg"}  # drawings, published as they are by Pelican's static copy


@dataclass(frozen=True)
class Use:
    """One reference from a content file to a photo."""

    path: Path
    label: str  # as the editor wrote it
    line: int | None
    field: str  # "image" (shown or linked in the body) or "cover"

    @property
    def recipes(self) -> set[str]:
        return {RESPONSIVE, SOCIAL} if self.field == "cover" else {RESPONSIVE}


def image_uses(source) -> list[Use]:
    shown = {image.src for image in source.rendered.images}
    uses = [
        Use(path, url, source.header.line_of(url), "image")
        for url, path in source.files.items()
        if (url in shown or is_image_name(path)) and path.suffix.lower() not in PASSTHROUGH
    ]
    cover, field = source.fields.get("cover"), source.header.first("cover")
    if cover is not None and cover.suffix.lower() not in PASSTHROUGH:
        uses.append(Use(cover, field.value, field.line, "cover"))
    return uses


def publish_images(contents, sources, run: ImageRun, log: IssueLog, macros, siteurl: str,
                   root: Path) -> None:
    """Make the photos of ``contents`` (published articles or pages), then rewrite each one."""
    by_path = {str(source.path): source for source in sources}  # the path Pelican gave the reader
    found = [(content, image_uses(source)) for content in contents
             if (source := by_path.get(content.source_path)) is not None]
    wanted = defaultdict(set)
    for _, uses in found:
        for use in uses:
            wanted[use.path] |= use.recipes
    run.prepare(wanted)
    for content, uses in found:
        if uses and not report_problems(content, uses, run, log):
            attach_images(content, uses, run, macros, siteurl, root)


def report_problems(content, uses: list[Use], run: ImageRun, log: IssueLog) -> bool:
    """Log what went wrong with this content's photos; True when any of it is an error."""
    failed, seen = False, set()
    for use in uses:
        for recipe in sorted(use.recipes):
            for problem in run.problems(use.path, recipe):
                if (use.label, problem.message) in seen:
                    continue
                seen.add((use.label, problem.message))
                failed |= problem.severity == ERROR
                log.add(content.source_path, use.line, use.field,
                        f'ảnh "{use.label}": {problem.message}', problem.hint, problem.severity)
    return failed


def attach_images(content, uses: list[Use], run: ImageRun, macros, siteurl: str,
                  root: Path) -> None:
    """Rewrite the HTML with pictures and set ``cover``, ``cover_id``, ``cover_image`` and
    ``og_image`` (the social card) on the article or page."""
    pictures = {_placeholder(use.path, root): picture for use in uses
                if (picture := run.picture(use.path, root)) is not None}
    links = {key: f"{siteurl}/{picture.largest.url}" for key, picture in pictures.items()}
    story = getattr(content, "kind", None) == "anh"
    html = content._content
    content._content = run.rewrites.get(rewrite_key(html, pictures, links, story),
                                        lambda: rewrite_images(html, pictures, links, macros, story))
    _forget_rendered_content(content)
    cover = next((use for use in uses if use.field == "cover"), None)
    if cover is not None and _placeholder(cover.path, root) in pictures:
        picture = pictures[_placeholder(cover.path, root)]
        content.cover = content.metadata["cover"] = picture.src.url
        content.cover_id = picture.id
        content.cover_image = picture
        content.og_image = run.social(cover.path, root)


def _placeholder(path: Path, root: Path) -> str:
    """How the content model's reader wrote a local file's URL into the HTML."""
    return "{static}/" + path.relative_to(root).as_posix()


def _forget_rendered_content(content) -> None:
    """Pelican memoises ``content``; drop a copy made before the rewrite, if any."""
    cache = getattr(content.get_content, "cache", None)
    if cache is not None:
        try:
            cache.pop((content, content.get_siteurl()), None)
        except TypeError:
            pass
