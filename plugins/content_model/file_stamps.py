"""No modification-time checks against Pelican's own content cache when it is off.

Pelican's readers and generators compare each source's modification time with their cache
(``CACHE_CONTENT``) even when that cache is off and empty: four ``stat`` calls per source and
build, 0.12 s for 10,000 articles. The union build caches sources by their contents instead
(``union_core.reading``: a fresh checkout resets modification times), so with Pelican's cache
off and nothing loaded, the stamp is not asked for.
"""


def _no_stamp(filename) -> None:
    return None


def skip_unused_file_stamps(cacher) -> None:
    """``cacher``: a Pelican ``FileStampDataCacher`` (readers, caching generators), set up."""
    if not cacher._cache_data_policy and not cacher._cache:
        cacher._get_file_stamp = _no_stamp


def readers_without_stamps(generator) -> None:
    skip_unused_file_stamps(generator.readers)
