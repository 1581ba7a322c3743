"""What a reader's browser downloads to search the site, read from the built index.

The search page loads Pagefind's program (``pagefind.js``, its worker and WebAssembly) once,
and each shard's entry and metadata files. Then each searched word loads, from every shard,
the chunks of the word index that Pagefind's client asks for (``fetched_chunks``): usually
one chunk of about 20 kB per shard. More, smaller shards make every search heavier (and
rebuilding one cheaper): the benchmark prints these figures beside the build times, so that
the trade is seen (``SEARCH_SHARD_SIZE``).
"""

import statistics
from dataclasses import dataclass
from pathlib import Path

from .canonical import read_pagefind_file

# Pagefind 1.5's metadata file: [version, pages, word index chunks, filters, sorts, ...]; each
# chunk is [its first word, its last word (both shortened to prefixes), the file's hash].
META_WORD_CHUNKS = 2
PROGRAM_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
# Folded words (``vietnamese.fold_for_search``) common in union news: what readers search for.
SAMPLE_WORDS = ("cong", "doan", "vien", "lao", "dong", "nhan", "tet", "thang", "an", "toan", "luong",
                "hoi", "nghi", "mai", "am", "bao", "hiem", "tinh", "huyen", "phong", "trao", "thi", "dua", "xa")


@dataclass(frozen=True)
class ReaderFootprint:
    shards: int
    opening_bytes: int  # before the first search: the program once, every shard's entry and metadata
    bytes_per_word: int  # of the word index, for one searched word: the median over the words asked about


def site_footprint(settings) -> ReaderFootprint | None:
    """The footprint of the search index a build with ``settings`` wrote, or None without one."""
    if not settings.get("SEARCH_INDEX_ENABLED"):
        return None
    return reader_footprint(Path(settings["OUTPUT_PATH"]) / settings["SEARCH_INDEX_PATH"])


def reader_footprint(index_folder: Path, words=SAMPLE_WORDS) -> ReaderFootprint | None:
    """The footprint of the index in ``index_folder`` (one folder per shard), or None when
    there is none."""
    shards = sorted(folder for folder in index_folder.iterdir() if (folder / "pagefind-entry.json").is_file()) \
        if index_folder.is_dir() else []
    if not shards:
        return None
    opening = sum(path.stat().st_size for pattern in PROGRAM_FILES for path in shards[0].glob(pattern))
    indexes = []  # of each shard: [(first word, last word, size)] of its word index's chunks
    for shard in shards:
        opening += (shard / "pagefind-entry.json").stat().st_size
        for meta_file in shard.glob("pagefind.*.pf_meta"):
            opening += meta_file.stat().st_size
            indexes.append([(first, last, (shard / "index" / f"{name}.pf_index").stat().st_size)
                            for first, last, name in read_pagefind_file(meta_file)[META_WORD_CHUNKS]])
    per_word = [sum(chunk[2] for chunks in indexes for chunk in fetched_chunks(chunks, word)) for word in words]
    return ReaderFootprint(len(shards), opening, round(statistics.median(per_word)))


def fetched_chunks(chunks: list, word: str) -> list:
    """The chunks (``(first, last, …)``) of one shard's word index that Pagefind 1.5's client
    fetches for ``word`` (its ``request_indexes``): those whose bounds hold it; else, for a word
    lying between two chunks' bounds (shortened to prefixes), those whose bounds hold it once
    the word and each bound are cut to the shorter of the two."""
    held = [chunk for chunk in chunks if chunk[0] <= word <= chunk[1]]
    return held or [chunk for chunk in chunks
                    if word[:len(chunk[0])] >= chunk[0][:len(word)] and word[:len(chunk[1])] <= chunk[1][:len(word)]]
