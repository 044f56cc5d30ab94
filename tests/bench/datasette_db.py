"""Export the published articles of a SQLite bench database into a separate SQLite
file for Datasette: `articles(id, title, body, date, province)` with an FTS5 table
`articles_fts(title, body)` (external content, the default unicode61 tokenizer: no
stemming) and indexes on date and province, as one would publish them.

    python tests/bench/datasette_db.py SOURCE.sqlite3 TARGET.db
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path


def export(source: Path, target: Path) -> dict:
    start = time.perf_counter()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(target)
    db.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
    db.executescript(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY, title TEXT, body TEXT, date TEXT, province TEXT
        );
        INSERT INTO articles (id, title, body, date, province)
            SELECT a.id, a.title, a.body, a.date, r.code
            FROM src.reports_article a LEFT JOIN src.reports_region r ON r.id = a.province_id
            WHERE a.status = 'published' ORDER BY a.id;
        CREATE INDEX articles_date ON articles (date);
        CREATE INDEX articles_province ON articles (province);
        CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, content="articles",
            content_rowid="id");
        INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles;
        """
    )
    db.commit()
    db.execute("DETACH DATABASE src")
    db.execute("VACUUM")
    rows = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.close()
    return {
        "rows": rows,
        "seconds": round(time.perf_counter() - start, 1),
        "bytes": target.stat().st_size,
    }


if __name__ == "__main__":
    print(json.dumps(export(Path(sys.argv[1]), Path(sys.argv[2]))))
