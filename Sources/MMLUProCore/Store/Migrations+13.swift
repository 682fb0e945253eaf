extension Migrations {
    static let v13 = """
        -- release: `release_record` as a rowid table. A record is about 2 KB, and a row of a
        -- WITHOUT ROWID table keeps at most about 1 KB of a 4 KB page in its B-tree: the rest of
        -- every record went to an overflow page of its own, two thirds of it empty (13 of the
        -- table's 28 MB in the full build). A rowid table keeps the whole record in its leaf.
        -- The rows and the key are unchanged; the key is now a unique index.
        ALTER TABLE release_record RENAME TO release_record_v12;
        CREATE TABLE release_record (
            version TEXT NOT NULL REFERENCES release_version(version) ON DELETE CASCADE,
            question_id INTEGER NOT NULL,
            split TEXT NOT NULL,
            item_key TEXT,
            record TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (version, question_id)
        ) STRICT;
        INSERT INTO release_record (version, question_id, split, item_key, record, sha256)
            SELECT version, question_id, split, item_key, record, sha256 FROM release_record_v12 ORDER BY version, question_id;
        DROP TABLE release_record_v12;
        """
}
