"""Templates compiled once, not once per generator, per forked worker and per build.

Pelican gives each generator a Jinja environment of its own, and Jinja compiles a template
that a page extends, includes or imports only when the page is rendered: in a forked rendering
worker, so again in every batch (3.3 s of the workers' 4.8 s in a nightly of 10,000 articles).

- The environments of one build share what they compile through a bytecode cache, Jinja's own
  mechanism (it checks each template's source checksum and the Python version). All are made
  from the same ``JINJA_ENVIRONMENT`` settings, so they compile a template alike; loading
  base.html from the cache takes a fortieth of compiling it. With a ``CACHE_PATH`` the
  compiled templates are also kept in ``CACHE_PATH/templates`` for the next build (compiling
  them took 0.2 s of every nightly).
- Before workers fork, the templates that the pages to render use are compiled in the main
  process (``load_referenced_templates``), and the workers inherit them.
"""

import hashlib
import os
import sys
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, TemplateNotFound, meta

SETTING = "UNION_COMPILED_TEMPLATES"


class SharedBytecode(BytecodeCache):
    """Compiled templates of one build, in memory, and in ``folder`` between builds."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.compiled: dict[str, bytes] = {}
        self.references: dict[str, list] = {}  # source digest -> the templates it names

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """By the template's name alone: its file's path changes with the checkout's folder,
        and Jinja's checksum of the source tells a stale entry anyway."""
        return hashlib.sha1(name.encode("utf-8")).hexdigest()

    def load_bytecode(self, bucket) -> None:
        if bucket.key not in self.compiled and self.folder is not None:
            try:
                self.compiled[bucket.key] = (self.folder / f"{bucket.key}.jbc").read_bytes()
            except OSError:
                return
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])  # ignored if stale (checksum)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = data = bucket.bytecode_to_string()
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.folder / f".{bucket.key}.{os.getpid()}"
            partial.write_bytes(data)
            partial.replace(self.folder / f"{bucket.key}.jbc")  # whole or not at all

    def referenced(self, environment, source: str) -> list:
        """The templates that ``source`` extends, includes or imports (parsed once per build)."""
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        if digest not in self.references:
            self.references[digest] = list(meta.find_referenced_templates(environment.parse(source)))
        return self.references[digest]


def kept_templates_folder(settings) -> Path | None:
    """Where compiled templates are kept between builds: one folder per Jinja and Python
    version and per ``JINJA_ENVIRONMENT`` (its options change the compiled code, which Jinja's
    checksum of the source does not cover); None without a cache."""
    if not settings.get("CACHE_PATH"):
        return None
    options = f"{jinja2.__version__}|{sys.version}|{sorted(settings.get('JINJA_ENVIRONMENT', {}).items())!r}"
    return Path(settings["CACHE_PATH"]) / "templates" / hashlib.sha256(options.encode()).hexdigest()[:16]


def share_compiled_templates(generator) -> None:
    """``generator_init``: the generator's environment joins the build's shared cache."""
    settings = generator.settings
    if SETTING not in settings:
        settings[SETTING] = SharedBytecode(kept_templates_folder(settings))
    generator.env.bytecode_cache = settings[SETTING]


def load_referenced_templates(templates, loaded: set) -> None:
    """Compile (or take from the shared cache) the templates that ``templates`` extend,
    include or import, so that forked workers inherit them. ``loaded``: the (environment,
    name) pairs done, since each generator has an environment of its own."""
    pending = [t for t in templates if t.name is not None]
    while pending:
        template = pending.pop()
        environment = template.environment
        if (id(environment), template.name) in loaded:
            continue
        loaded.add((id(environment), template.name))
        source = environment.loader.get_source(environment, template.name)[0]
        shared = environment.bytecode_cache
        names = (shared.referenced(environment, source) if isinstance(shared, SharedBytecode)
                 else meta.find_referenced_templates(environment.parse(source)))
        for name in names:
            if name is not None and (id(environment), name) not in loaded:
                try:
                    pending.append(environment.get_template(name))
                except TemplateNotFound:  # `ignore missing`, or an error the page's rendering reports
                    loaded.add((id(environment), name))
