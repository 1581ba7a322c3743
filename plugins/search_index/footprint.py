"""What a reader's browser downloads to search the site, read from the built index.

The search page loads Pagefind's program (``pagefind.js``, its worker and WebAssembly) once,
and each shard's entry and metadata files. Then each searched word loads, from every shard,
the chunks of the word index whose range holds it, as Pagefind's ``request_indexes`` picks
them (usually one chunk of about 20 kB per shard). More, smaller shards make a nightly that edits old articles cheaper and
every search dearer: the benchmark prints these figures beside the build times, so that the
trade is seen (``SEARCH_SHARD_SIZE``).
"""

import statistics
from dataclasses import dataclass
from pathlib import Path

from .canonical import read_data

# Pagefind 1.5's metadata file: [version, pages, word index chunks, filters, sorts, ...]; each
# chunk is [its first word, its last word, the file's hash].
META_CHUNKS = 2
PROGRAM_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
# Folded words (``vietnamese.fold_for_search``) common in union news: what readers search for.
SAMPLE_WORDS = ("cong", "doan", "vien", "lao", "dong", "nhan", "tet", "thang", "an", "toan", "luong",
                "hoi", "nghi", "mai", "am", "bao", "hiem", "tinh", "huyen", "phong", "trao", "thi", "dua", "xa")


@dataclass(frozen=True)
class ReaderFootprint:
    shards: int
    opening: int  # bytes before the first search: the program once, every shard's entry and metadata
    per_word: int  # bytes one searched word loads, the median over the sample words


def reader_footprint(index_folder: Path, words=SAMPLE_WORDS) -> ReaderFootprint | None:
    """The footprint of the index in ``index_folder`` (``<site>/<SEARCH_INDEX_PATH>``, one
    folder per shard), or None when there is none."""
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
                            for first, last, name in read_data(meta_file)[META_CHUNKS]])
    per_word = [sum(size for chunks in indexes for size in _loaded(chunks, word)) for word in words]
    return ReaderFootprint(len(shards), opening, round(statistics.median(per_word)))


def _loaded(chunks, word: str) -> list[int]:
    """The sizes of the chunks Pagefind loads for ``word``: those whose range holds it, else
    (a word between two chunks' shortened bounds) those whose bounds, cut to its length, do."""
    held = [size for first, last, size in chunks if first <= word <= last]
    return held or [size for first, last, size in chunks if first[:len(word)] <= word <= last[:len(word)]]
