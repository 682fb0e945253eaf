extension Migrations {
    static let v11 = """
        -- review: how many tasks of each phase are in each state, kept by triggers on
        -- `review_task_state`. Every task a reviewer is shown says how many of its queue are
        -- left; counting them was a scan of every task's state per request (a third of the
        -- review server's time with 6,000 tasks).
        CREATE TABLE review_queue_count (
            phase INTEGER NOT NULL,
            status TEXT NOT NULL,
            tasks INTEGER NOT NULL,
            PRIMARY KEY (phase, status)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO review_queue_count (phase, status, tasks)
            SELECT phase, status, COUNT(*) FROM review_task_state GROUP BY phase, status;
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
        CREATE TRIGGER review_queue_count_delete AFTER DELETE ON review_task_state
        BEGIN
            UPDATE review_queue_count SET tasks = tasks - 1 WHERE phase = OLD.phase AND status = OLD.status;
        END;
        """

    static let v12 = """
        -- review: the leases that may be running, one row per task and reviewer, kept by
        -- triggers on `review_event` the way a task's state folds its events: a claim sets
        -- the reviewer's lease on the task, their release, decision or adjudication ends it. A
        -- claim asks it which task the reviewer holds and which tasks others fill; both were
        -- scans of every claim event (the reviewer's history, or each candidate's) per request.
        -- Expired leases stay until the next event of theirs; readers compare lease_until.
        CREATE TABLE review_lease (
            task_key TEXT NOT NULL REFERENCES review_task(key),
            reviewer TEXT NOT NULL,
            lease_until TEXT NOT NULL,
            PRIMARY KEY (task_key, reviewer)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX review_lease_by_reviewer ON review_lease(reviewer, lease_until);
        \(leasesFromEvents);
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
        -- The claim queries that used it read review_lease now.
        DROP INDEX review_event_claims;
        """

    /// Fills `review_lease` from the events: a lease for each task and reviewer whose last
    /// claim, release, decision or adjudication is a claim with a lease. Part of migration v12
    /// (never edit it; a test refills the table with it to check the triggers).
    static let leasesFromEvents = """
        INSERT INTO review_lease (task_key, reviewer, lease_until)
            SELECT c.task_key, c.reviewer, c.lease_until FROM review_event c
            WHERE c.kind = 'claim' AND c.lease_until IS NOT NULL
            AND c.id = (SELECT MAX(e.id) FROM review_event e WHERE e.task_key = c.task_key AND e.reviewer = c.reviewer
                        AND e.kind IN ('claim', 'release', 'decide', 'adjudicate'))
        """
}
