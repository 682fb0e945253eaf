import GRDB

/// The schema, as append-only migrations in plain SQL. Never edit a migration once it has
/// shipped: add a new one. `SchemaTests` compares the result with `Fixtures/schema.sql`.
public enum Migrations {
    /// All migrations, in order.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: v1)
        }
        return migrator
    }

    private static let v1 = """
        -- Pipeline bookkeeping: one row per stage run that wrote something.
        CREATE TABLE stage_run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            stage TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'invalidated')),
            config_digest TEXT NOT NULL,
            input_digest TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}',
            detail TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX stage_run_by_stage ON stage_run(stage, id);

        -- Removals, one mechanism for every stage: each stage writes only rows with its name.
        -- Every question missing from a release is here with the step that removed it and why.
        CREATE TABLE removal (
            stage TEXT NOT NULL,
            item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (stage, item_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX removal_by_item ON removal(item_key);

        -- collect: the input files it read.
        CREATE TABLE source_file (
            path TEXT PRIMARY KEY NOT NULL,
            source TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL
        ) STRICT;

        -- collect: every record of every source, text exactly as the source has it.
        CREATE TABLE source_item (
            key TEXT PRIMARY KEY NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('mmlu', 'stemez', 'theoremqa', 'scibench')),
            split TEXT NOT NULL,
            subject TEXT NOT NULL,
            category TEXT,
            origin TEXT NOT NULL,
            question TEXT NOT NULL,
            options TEXT,
            answer TEXT,
            answer_type TEXT NOT NULL,
            unit TEXT,
            solution TEXT,
            extra TEXT NOT NULL DEFAULT '{}',
            content_hash TEXT NOT NULL
        ) STRICT;
        CREATE INDEX source_item_by_source ON source_item(source, split, subject);

        -- collect: repeated records folded into the first one (STEM Website crawler resumes).
        CREATE TABLE duplicate_record (
            item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            origin TEXT NOT NULL PRIMARY KEY,
            detail TEXT NOT NULL
        ) STRICT;

        -- filter: the item x model answer matrix.
        CREATE TABLE filter_answer (
            item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            model TEXT NOT NULL,
            origin TEXT NOT NULL,
            raw_output TEXT,
            letter TEXT,
            status TEXT NOT NULL CHECK (status IN ('ok', 'unparsed', 'error')),
            is_correct INTEGER NOT NULL CHECK (is_correct IN (0, 1)),
            PRIMARY KEY (item_key, model)
        ) STRICT, WITHOUT ROWID;

        -- filter: the outcome for every MMLU item (kept, dropped or held) and the panel count.
        CREATE TABLE filter_decision (
            item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            outcome TEXT NOT NULL CHECK (outcome IN ('kept', 'dropped', 'held')),
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            correct INTEGER NOT NULL,
            answered INTEGER NOT NULL,
            panel INTEGER NOT NULL
        ) STRICT;
        """
}
