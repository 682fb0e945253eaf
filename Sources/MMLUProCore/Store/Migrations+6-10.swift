/// Migrations 6 to 10: the release, validation rationales, failed runs, the review queue index,
/// calibration tasks.
extension Migrations {
    static let v6 = """
        -- collect: each repair of damaged source text (LaTeX eaten by JSON escapes, mojibake),
        -- so a released question can be traced to the exact source bytes.
        CREATE TABLE text_repair (
            stage TEXT NOT NULL,
            item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            field TEXT NOT NULL,
            seq INTEGER NOT NULL,
            reason TEXT NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL,
            PRIMARY KEY (stage, item_key, field, seq)
        ) STRICT, WITHOUT ROWID;

        -- release: the question id registry. An id is given once and kept forever; ids of
        -- removed questions stay retired (never reused); ids of an imported release are
        -- reserved (item_key NULL until a question of this build is matched to one).
        CREATE TABLE question_id (
            question_id INTEGER PRIMARY KEY,
            item_key TEXT UNIQUE,
            category TEXT NOT NULL,
            origin TEXT NOT NULL,
            first_release TEXT NOT NULL
        ) STRICT;

        -- release: every release built or imported, and its records, kept across rebuilds so a
        -- release is never overwritten and the next one can be compared with it.
        CREATE TABLE release_version (
            version TEXT PRIMARY KEY NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('built', 'imported')),
            preview INTEGER NOT NULL CHECK (preview IN (0, 1)),
            manifest_sha256 TEXT NOT NULL,
            records INTEGER NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE release_record (
            version TEXT NOT NULL REFERENCES release_version(version) ON DELETE CASCADE,
            question_id INTEGER NOT NULL,
            split TEXT NOT NULL,
            item_key TEXT,
            record TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (version, question_id)
        ) STRICT, WITHOUT ROWID;

        -- release: waivers of release gates (who and why), read from the configured files.
        CREATE TABLE release_waiver (
            gate TEXT NOT NULL,
            item_key TEXT NOT NULL,
            waived_by TEXT NOT NULL,
            reason TEXT NOT NULL,
            origin TEXT NOT NULL,
            PRIMARY KEY (gate, item_key)
        ) STRICT, WITHOUT ROWID;

        -- release: what the current build releases (the stage's own output).
        CREATE TABLE released_question (
            item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            question_id INTEGER NOT NULL UNIQUE,
            split TEXT NOT NULL CHECK (split IN ('test', 'validation')),
            sha256 TEXT NOT NULL
        ) STRICT;
        """

    static let v7 = """
        -- release: each validation rationale taken from an exemplar file (`cot-prompts`): the
        -- exemplar, how its question matched the dev question (equal, suffix, similar) and how
        -- closely, and the letters rewritten to the released option positions (`A→C, B→F`).
        CREATE TABLE validation_rationale (
            item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            origin TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('equal', 'suffix', 'similar')),
            similarity REAL NOT NULL,
            letters TEXT NOT NULL
        ) STRICT;
        """

    static let v8 = """
        -- A stage run that failed (bad input, a refused release, a provider that refused the
        -- key) is recorded with its error, so `status` shows it. A failed run wrote nothing
        -- else: its tables still hold the last completed run. (SQLite cannot change a CHECK:
        -- the table is rebuilt, its rows and ids kept.)
        CREATE TABLE stage_run_v8 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            stage TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'invalidated', 'failed')),
            config_digest TEXT NOT NULL,
            input_digest TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}',
            detail TEXT NOT NULL DEFAULT ''
        ) STRICT;
        INSERT INTO stage_run_v8 SELECT * FROM stage_run;
        DROP TABLE stage_run;
        ALTER TABLE stage_run_v8 RENAME TO stage_run;
        CREATE INDEX stage_run_by_stage ON stage_run(stage, id);
        """

    static let v9 = """
        -- review: every task has its state row from the moment it exists (a trigger opens it),
        -- with the task's priority and phase, so a claim reads the open queue in priority
        -- order straight from one index instead of sorting every task and passing over the
        -- decided ones.
        ALTER TABLE review_task_state ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE review_task_state ADD COLUMN phase INTEGER NOT NULL DEFAULT 1;
        INSERT OR IGNORE INTO review_task_state (task_key, status) SELECT key, 'open' FROM review_task;
        UPDATE review_task_state SET
            priority = (SELECT t.priority FROM review_task t WHERE t.key = review_task_state.task_key),
            phase = (SELECT t.phase FROM review_task t WHERE t.key = review_task_state.task_key);
        CREATE INDEX review_task_queue ON review_task_state(status, priority DESC, task_key);
        CREATE TRIGGER review_task_opened AFTER INSERT ON review_task
        BEGIN
            INSERT OR IGNORE INTO review_task_state (task_key, status, priority, phase) VALUES (NEW.key, 'open', NEW.priority, NEW.phase);
        END;
        """

    static let v10 = """
        -- review: calibration tasks, a question shown with a defect the project planted, to
        -- measure each reviewer's recall. The task looks like any phase-1 task; this row holds
        -- what it shows and which decisions catch the defect. Kept across rebuilds, like tasks.
        CREATE TABLE calibration_task (
            task_key TEXT PRIMARY KEY NOT NULL REFERENCES review_task(key),
            item_key TEXT NOT NULL,
            defect TEXT NOT NULL CHECK (defect IN ('wrong_key', 'duplicate_option', 'answer_twice')),
            options TEXT NOT NULL,
            answer_index INTEGER NOT NULL,
            -- the verdict that catches it (`wrong_answer` with `answer`, or `remove`)
            catch_verdict TEXT NOT NULL,
            catch_answer TEXT
        ) STRICT;
        """
}
