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
        migrator.registerMigration("v2-models-and-generation") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-review") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-review-phase-2") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5-review-task-state") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6-release") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7-validation-rationale") { db in
            try db.execute(sql: v7)
        }
        migrator.registerMigration("v8-failed-runs") { db in
            try db.execute(sql: v8)
        }
        migrator.registerMigration("v9-review-queue-index") { db in
            try db.execute(sql: v9)
        }
        migrator.registerMigration("v10-calibration") { db in
            try db.execute(sql: v10)
        }
        migrator.registerMigration("v11-review-queue-counts") { db in
            try db.execute(sql: v11)
        }
        migrator.registerMigration("v12-review-leases") { db in
            try db.execute(sql: v12)
        }
        migrator.registerMigration("v13-release-records-in-their-leaves") { db in
            try db.execute(sql: v13)
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

    private static let v2 = """
        -- Model layer: every response paid for, under the hash of its request. Not owned by a
        -- stage and never invalidated: a stored response is never requested again.
        CREATE TABLE model_response (
            request_hash TEXT PRIMARY KEY NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            request TEXT NOT NULL,
            content TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            cost REAL NOT NULL,
            received_at TEXT NOT NULL,
            via TEXT NOT NULL CHECK (via IN ('live', 'batch'))
        ) STRICT;

        -- Model layer: every attempt, successful or not, with tokens, cost and latency.
        CREATE TABLE model_attempt (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            request_hash TEXT NOT NULL,
            stage TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            started_at TEXT NOT NULL,
            latency_ms INTEGER NOT NULL,
            status TEXT NOT NULL,
            http_status INTEGER,
            error TEXT,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cost REAL NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX model_attempt_by_request ON model_attempt(request_hash);

        -- Model layer: responses that were stored but failed to parse or validate.
        CREATE TABLE model_rejection (
            request_hash TEXT NOT NULL REFERENCES model_response(request_hash),
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (request_hash, stage)
        ) STRICT, WITHOUT ROWID;

        -- Model layer: requests written to a batch file and not yet answered.
        CREATE TABLE model_pending (
            request_hash TEXT PRIMARY KEY NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            request TEXT NOT NULL,
            stage TEXT NOT NULL,
            exported_at TEXT NOT NULL
        ) STRICT;

        -- Options a model proposed, accepted or rejected, for any stage (rows carry the stage).
        CREATE TABLE generated_option (
            stage TEXT NOT NULL,
            item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            attempt INTEGER NOT NULL,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
            reason TEXT,
            detail TEXT,
            request_hash TEXT,
            PRIMARY KEY (stage, item_key, attempt, position)
        ) STRICT, WITHOUT ROWID;

        -- integrate: the added sources as 4-option questions (answer first).
        CREATE TABLE integrated_question (
            item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            answer TEXT NOT NULL,
            answer_origin TEXT NOT NULL CHECK (answer_origin IN ('source', 'extracted')),
            source_answer TEXT,
            options TEXT NOT NULL,
            shortfall INTEGER NOT NULL,
            generator TEXT NOT NULL,
            template_version TEXT NOT NULL
        ) STRICT;

        -- integrate: items held back (not removed) until someone looks.
        CREATE TABLE integrate_hold (
            item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL
        ) STRICT;

        -- augment: every question of the build with its final options, in release order.
        CREATE TABLE augmented_question (
            item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            split TEXT NOT NULL CHECK (split IN ('test', 'validation')),
            category TEXT NOT NULL,
            src TEXT NOT NULL,
            question TEXT NOT NULL,
            options TEXT NOT NULL,
            answer_index INTEGER NOT NULL,
            option_origins TEXT NOT NULL,
            shuffled INTEGER NOT NULL CHECK (shuffled IN (0, 1)),
            shortfall INTEGER NOT NULL,
            generator TEXT NOT NULL,
            template_version TEXT NOT NULL
        ) STRICT;

        -- augment: questions flagged for review (positional meta-options, too few options).
        CREATE TABLE augment_flag (
            item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (item_key, reason)
        ) STRICT, WITHOUT ROWID;
        """

    private static let v3 = """
        -- Review: people's work outlives rebuilds, so none of these tables belongs to a stage
        -- and none is emptied when a stage reruns.
        CREATE TABLE reviewer (
            name TEXT PRIMARY KEY NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('reviewer', 'adjudicator')),
            token_sha256 TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        ) STRICT;

        -- A unit of review: phase 1 checks a question and its answer; phase 2 one flagged option.
        -- The key names the version of the question it is about.
        CREATE TABLE review_task (
            key TEXT PRIMARY KEY NOT NULL,
            phase INTEGER NOT NULL CHECK (phase IN (1, 2)),
            item_key TEXT NOT NULL,
            option_text TEXT,
            version TEXT NOT NULL,
            category TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 0,
            overlap INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX review_task_by_item ON review_task(item_key);

        -- The audit log: every claim, release, decision, undo and adjudication. Append-only;
        -- the state of a task is derived from it.
        CREATE TABLE review_event (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL REFERENCES reviewer(name),
            kind TEXT NOT NULL CHECK (kind IN ('claim', 'release', 'decide', 'undo', 'adjudicate')),
            task_key TEXT NOT NULL REFERENCES review_task(key),
            decision TEXT,
            before TEXT,
            after TEXT,
            lease_until TEXT,
            undoes INTEGER REFERENCES review_event(id),
            guideline_version TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'local'
        ) STRICT;
        CREATE INDEX review_event_by_task ON review_event(task_key, id);
        CREATE TRIGGER review_event_no_update BEFORE UPDATE ON review_event
        BEGIN SELECT RAISE(ABORT, 'review_event is append-only'); END;
        CREATE TRIGGER review_event_no_delete BEFORE DELETE ON review_event
        BEGIN SELECT RAISE(ABORT, 'review_event is append-only'); END;

        -- review: every augmented question with what review made of it.
        CREATE TABLE reviewed_question (
            item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('accepted', 'corrected', 'removed', 'pending')),
            task_key TEXT NOT NULL,
            options TEXT NOT NULL,
            answer_index INTEGER NOT NULL,
            detail TEXT NOT NULL
        ) STRICT;
        """

    private static let v4 = """
        -- review: the judge's verdict on every option of every question phase 1 accepted.
        CREATE TABLE judge_verdict (
            item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
            option_index INTEGER NOT NULL,
            option_text TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('could_be_correct', 'wrong')),
            rationale TEXT NOT NULL,
            generator TEXT NOT NULL,
            request_hash TEXT,
            PRIMARY KEY (item_key, option_index)
        ) STRICT, WITHOUT ROWID;

        -- review: the options phase 2 removed as false negatives (never replaced).
        ALTER TABLE reviewed_question ADD COLUMN removed_options TEXT NOT NULL DEFAULT '[]';
        """

    private static let v5 = """
        -- review: each task's status as of its latest decision, undo or adjudication, so a claim
        -- looks only at open tasks. Derived from review_event and rewritten with each of them;
        -- a claim still checks the task's events before taking it.
        CREATE TABLE review_task_state (
            task_key TEXT PRIMARY KEY NOT NULL REFERENCES review_task(key),
            status TEXT NOT NULL CHECK (status IN ('open', 'decided', 'disputed'))
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX review_event_claims ON review_event(reviewer, kind, lease_until);
        """
}
