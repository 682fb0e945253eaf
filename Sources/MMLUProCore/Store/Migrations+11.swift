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
}
