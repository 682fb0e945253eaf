CREATE TRIGGER review_event_no_delete BEFORE DELETE ON review_event
BEGIN SELECT RAISE(ABORT, 'review_event is append-only'); END;

CREATE TRIGGER review_event_no_update BEFORE UPDATE ON review_event
BEGIN SELECT RAISE(ABORT, 'review_event is append-only'); END;

CREATE TRIGGER review_lease_claim AFTER INSERT ON review_event
WHEN NEW.kind = 'claim' AND NEW.lease_until IS NOT NULL
BEGIN
    INSERT INTO review_lease (task_key, reviewer, lease_until) VALUES (NEW.task_key, NEW.reviewer, NEW.lease_until)
        ON CONFLICT (task_key, reviewer) DO UPDATE SET lease_until = excluded.lease_until;
END;

CREATE TRIGGER review_lease_end AFTER INSERT ON review_event
WHEN NEW.kind IN ('release', 'decide', 'adjudicate') OR (NEW.kind = 'claim' AND NEW.lease_until IS NULL)
BEGIN
    DELETE FROM review_lease WHERE task_key = NEW.task_key AND reviewer = NEW.reviewer;
END;

CREATE TRIGGER review_queue_count_delete AFTER DELETE ON review_task_state
BEGIN
    UPDATE review_queue_count SET tasks = tasks - 1 WHERE phase = OLD.phase AND status = OLD.status;
END;

CREATE TRIGGER review_queue_count_insert AFTER INSERT ON review_task_state
BEGIN
    INSERT INTO review_queue_count (phase, status, tasks) VALUES (NEW.phase, NEW.status, 1)
        ON CONFLICT (phase, status) DO UPDATE SET tasks = tasks + 1;
END;

CREATE TRIGGER review_queue_count_update AFTER UPDATE OF status, phase ON review_task_state
WHEN OLD.status <> NEW.status OR OLD.phase <> NEW.phase
BEGIN
    UPDATE review_queue_count SET tasks = tasks - 1 WHERE phase = OLD.phase AND status = OLD.status;
    INSERT INTO review_queue_count (phase, status, tasks) VALUES (NEW.phase, NEW.status, 1)
        ON CONFLICT (phase, status) DO UPDATE SET tasks = tasks + 1;
END;

CREATE TRIGGER review_task_opened AFTER INSERT ON review_task
BEGIN
    INSERT OR IGNORE INTO review_task_state (task_key, status, priority, phase) VALUES (NEW.key, 'open', NEW.priority, NEW.phase);
END;

CREATE TABLE augment_flag (
    item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (item_key, reason)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE duplicate_record (
    item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    origin TEXT NOT NULL PRIMARY KEY,
    detail TEXT NOT NULL
) STRICT;

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

CREATE TABLE filter_decision (
    item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('kept', 'dropped', 'held')),
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    panel INTEGER NOT NULL
) STRICT;

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

CREATE TABLE integrate_hold (
    item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL
) STRICT;

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

CREATE TABLE model_pending (
    request_hash TEXT PRIMARY KEY NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    request TEXT NOT NULL,
    stage TEXT NOT NULL,
    exported_at TEXT NOT NULL
) STRICT;

CREATE TABLE model_rejection (
    request_hash TEXT NOT NULL REFERENCES model_response(request_hash),
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (request_hash, stage)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE question_id (
    question_id INTEGER PRIMARY KEY,
    item_key TEXT UNIQUE,
    category TEXT NOT NULL,
    origin TEXT NOT NULL,
    first_release TEXT NOT NULL
) STRICT;

CREATE TABLE release_record (
    version TEXT NOT NULL REFERENCES release_version(version) ON DELETE CASCADE,
    question_id INTEGER NOT NULL,
    split TEXT NOT NULL,
    item_key TEXT,
    record TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (version, question_id)
) STRICT;

CREATE TABLE release_version (
    version TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('built', 'imported')),
    preview INTEGER NOT NULL CHECK (preview IN (0, 1)),
    manifest_sha256 TEXT NOT NULL,
    records INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE release_waiver (
    gate TEXT NOT NULL,
    item_key TEXT NOT NULL,
    waived_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (gate, item_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE released_question (
    item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    question_id INTEGER NOT NULL UNIQUE,
    split TEXT NOT NULL CHECK (split IN ('test', 'validation')),
    sha256 TEXT NOT NULL
) STRICT;

CREATE TABLE removal (
    stage TEXT NOT NULL,
    item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (stage, item_key)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE review_lease (
    task_key TEXT NOT NULL REFERENCES review_task(key),
    reviewer TEXT NOT NULL,
    lease_until TEXT NOT NULL,
    PRIMARY KEY (task_key, reviewer)
) STRICT, WITHOUT ROWID;

CREATE TABLE review_queue_count (
    phase INTEGER NOT NULL,
    status TEXT NOT NULL,
    tasks INTEGER NOT NULL,
    PRIMARY KEY (phase, status)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE review_task_state (
    task_key TEXT PRIMARY KEY NOT NULL REFERENCES review_task(key),
    status TEXT NOT NULL CHECK (status IN ('open', 'decided', 'disputed'))
, priority INTEGER NOT NULL DEFAULT 0, phase INTEGER NOT NULL DEFAULT 1) STRICT, WITHOUT ROWID;

CREATE TABLE reviewed_question (
    item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'corrected', 'removed', 'pending')),
    task_key TEXT NOT NULL,
    options TEXT NOT NULL,
    answer_index INTEGER NOT NULL,
    detail TEXT NOT NULL
, removed_options TEXT NOT NULL DEFAULT '[]') STRICT;

CREATE TABLE reviewer (
    name TEXT PRIMARY KEY NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'adjudicator')),
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE source_file (
    path TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL
) STRICT;

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

CREATE TABLE "stage_run" (
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

CREATE TABLE validation_rationale (
    item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('equal', 'suffix', 'similar')),
    similarity REAL NOT NULL,
    letters TEXT NOT NULL
) STRICT;

CREATE INDEX model_attempt_by_request ON model_attempt(request_hash);

CREATE INDEX removal_by_item ON removal(item_key);

CREATE INDEX review_event_by_task ON review_event(task_key, id);

CREATE INDEX review_lease_by_reviewer ON review_lease(reviewer, lease_until);

CREATE INDEX review_task_by_item ON review_task(item_key);

CREATE INDEX review_task_queue ON review_task_state(status, priority DESC, task_key);

CREATE INDEX source_item_by_source ON source_item(source, split, subject);

CREATE INDEX stage_run_by_stage ON stage_run(stage, id);
