"""SQLite cache files: a damaged one is started again, a busy one is left alone, and neither
stops the build."""

import sqlite3

from union_core.cache_db import CacheFile

SCHEMA = "CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v TEXT)"


def put(file, key, value):
    file.do(lambda db: db.execute("INSERT INTO t VALUES (?, ?)", (key, value)))


def get(file, key):
    return file.do(lambda db: db.execute("SELECT v FROM t WHERE k = ?", (key,)).fetchone())


def test_a_file_that_is_not_a_database_is_started_again(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"\x00garbage" * 100)
    cache = CacheFile(path, SCHEMA)
    put(cache, "a", "1")
    assert get(cache, "a") == ("1",)


def test_a_file_damaged_inside_is_given_up_then_deleted(tmp_path):
    path = tmp_path / "c.sqlite"
    cache = CacheFile(path, SCHEMA)
    for n in range(2000):
        put(cache, f"k{n}", "v" * 200)
    cache.close()
    data = bytearray(path.read_bytes())
    data[4096:len(data) - 4096] = b"\xff" * (len(data) - 8192)  # the table's pages, not the header
    path.write_bytes(bytes(data))
    cache = CacheFile(path, SCHEMA)
    assert cache.do(lambda db: db.execute("SELECT count(*), max(v) FROM t").fetchone(), "empty") == "empty"
    assert not path.exists() and cache.db is None
    assert CacheFile(path, SCHEMA).do(lambda db: db.execute("SELECT count(*) FROM t").fetchone()) == (0,)


def test_a_file_another_build_holds_is_not_deleted(tmp_path):
    path = tmp_path / "c.sqlite"
    cache = CacheFile(path, SCHEMA)
    put(cache, "a", "1")
    cache.close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    busy = CacheFile(path, SCHEMA, timeout=0.1)
    assert get(busy, "a") is None  # used as an empty cache
    holder.rollback()
    holder.close()
    assert get(CacheFile(path, SCHEMA), "a") == ("1",)
