import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

/// `mmlupro review ...` (or `mmlupro-review ...`): the review stage and the terminal review
/// interface, for a reviewer working over SSH or in a script.
public struct ReviewCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Expert review: run the stage, or list, claim, show and decide tasks.",
        subcommands: [
            ReviewRunCommand.self, ReviewerAddCommand.self, ReviewTasksCommand.self, ReviewClaimCommand.self, ReviewShowCommand.self,
            ReviewDecideCommand.self, ReviewUndoCommand.self, ReviewReleaseCommand.self, ReviewAdjudicateCommand.self,
            ReviewProgressCommand.self, ReviewExportCommand.self, ReviewImportCommand.self, ReviewServeCommand.self,
        ],
        defaultSubcommand: ReviewRunCommand.self)
    public init() {}
}

/// `review run`: the stage (tasks, configured decisions, outcomes).
public struct ReviewRunCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the review stage (also part of `mmlupro build`).")
    public static let stage = StageName.review
    @OptionGroup public var options: CommonOptions
    @Flag(help: "Run even if nothing changed.") public var force = false
    public var batchFiles: (export: String?, import: String?) { (nil, nil) }
    public init() {}
}

/// Options of the commands a reviewer runs.
public struct ReviewerOptions: ParsableArguments {
    @OptionGroup public var common: CommonOptions
    @Option(help: "Your reviewer token (or set MMLUPRO_REVIEWER_TOKEN).") public var token: String?
    public init() {}

    func queue() throws -> (BuildConfiguration, ReviewQueue) {
        let (configuration, pool) = try common.open()
        let review = configuration.pipeline.review ?? ReviewConfig()
        return (configuration, ReviewQueue(writer: pool, leaseSeconds: review.leaseMinutes * 60, guidelineVersion: review.guidelineVersion))
    }

    /// Runs one reviewer action on a task and prints `TASK: OUTCOME`.
    func act(on task: String, _ body: (ReviewQueue, ReviewQueue.Reviewer) async throws -> String) async throws {
        try await reviewing {
            let (_, queue) = try queue()
            print("\(task): \(try await body(queue, try await reviewer(queue)))")
        }
    }

    func reviewer(_ queue: ReviewQueue) async throws -> ReviewQueue.Reviewer {
        guard let token = token ?? ProcessInfo.processInfo.environment["MMLUPRO_REVIEWER_TOKEN"] else {
            throw ReviewError.unknownReviewer("(no --token and no MMLUPRO_REVIEWER_TOKEN)")
        }
        return try await queue.reviewer(token: token)
    }
}

func reviewing(_ body: () async throws -> Void) async throws {
    try await reportingErrors {
        do {
            try await body()
        } catch let error as ReviewError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

public struct ReviewerAddCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "add-reviewer", abstract: "Add a reviewer and print their token (shown once).")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The reviewer's name.") public var name: String
    @Flag(help: "May adjudicate disputed tasks.") public var adjudicator = false
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            let token = try await queue.addReviewer(name, adjudicator: adjudicator)
            // The line to paste (or `eval`); the note on stderr keeps stdout that one line.
            print("export MMLUPRO_REVIEWER_TOKEN=\(token)")
            FileHandle.standardError.write(
                Data(
                    "\(name) added as \(adjudicator ? "an adjudicator" : "a reviewer"). The token is shown once and stored only as its hash: run the line above (or pass --token), then `mmlupro review claim` or `mmlupro review serve`.\n"
                        .utf8))
        }
    }
}

public struct ReviewTasksCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List tasks with their state.")
    @OptionGroup public var options: ReviewerOptions
    @Option(help: "Only tasks in this state: open, disputed, decided.") public var status: String?
    @Option(help: "Only this phase (1 or 2).") public var phase: Int?
    public init() {}

    public func validate() throws {
        if let status, TaskState.Status(rawValue: status) == nil {
            throw ValidationError("unknown status \"\(status)\"; the states: open, disputed, decided")
        }
        if let phase, ![1, 2].contains(phase) { throw ValidationError("there is no phase \(phase); the phases: 1, 2") }
    }

    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            for (task, state) in try await queue.states(phase: phase) where status == nil || state.status.rawValue == status {
                let decided = state.resolved.map { " → \($0.verdict.rawValue)" } ?? ""
                print("\(task.key)\tphase \(task.phase)\t\(task.category)\tpriority \(task.priority)\t\(state.status.rawValue)\(decided)")
            }
        }
    }
}

public struct ReviewClaimCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Claim the next task of a queue, or a named one, and show it.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "A task to claim by its key (a link from a colleague, `review tasks`); default: the next in the queue.")
    public var task: String?
    @Option(help: "Only this phase (1 or 2).") public var phase: Int?
    @Flag(help: "Claim a disputed task to adjudicate (adjudicators).") public var disputed = false
    public init() {}

    public func validate() throws {
        if let phase, ![1, 2].contains(phase) { throw ValidationError("there is no phase \(phase); the phases: 1, 2") }
    }

    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            let reviewer = try await options.reviewer(queue)
            if let task {
                try await ReviewShowCommand.show(try await queue.claim(reviewer, task: task).key, queue: queue)
                return
            }
            guard let task = try await queue.claim(reviewer, phase: phase, disputed: disputed) else {
                print("nothing to claim in this queue")
                return
            }
            try await ReviewShowCommand.show(task.key, queue: queue)
        }
    }
}

public struct ReviewShowCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a task: question, options, answer, source, state.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The task key.") public var task: String
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            try await Self.show(task, queue: queue)
        }
    }

    /// Prints what the web page shows: the task and its state, the flagged option and the
    /// judge's reason (phase 2), the question, the options lettered with the answer and each
    /// one's origin, the source and its solution, and every standing decision with its note.
    static func show(_ key: String, queue: ReviewQueue) async throws {
        let detail = try await queue.detail(of: key)
        let task = detail.task
        let counts = try await queue.queueCounts(phase: task.phase, disputed: detail.state.status == .disputed)
        let leases = detail.state.leases.keys.sorted()
        print(
            "task \(task.key)\nphase \(task.phase) · \(task.category) · \(detail.src) · \(detail.state.status.rawValue)"
                + (leases.isEmpty ? "" : " · claimed by \(leases.joined(separator: ", "))")
                + " · \(counts.left) of \(counts.total) left in this queue")
        if task.phase == 2, let option = task.optionText {
            print("\nFLAGGED OPTION: \(option)\njudge: \(detail.judge ?? "(no rationale recorded)")")
            print(
                "is it a second correct answer? remove_option removes it (never replaced), keep_option keeps it, question_bad sends the question back"
            )
        }
        print("\n\(detail.question)\n")
        let width = detail.options.map(\.count).max() ?? 0
        for (index, option) in detail.options.enumerated() {
            let marks = [index == detail.answerIndex ? "answer" : nil, option == task.optionText ? "flagged" : nil, detail.origins[index]]
                .compactMap { $0 }
            let padded = option.count < min(width, 60) ? option.padding(toLength: min(width, 60), withPad: " ", startingAt: 0) : option
            print(
                "\(index == detail.answerIndex ? "*" : " ") \(OptionLetter.letter(index)). \(padded)  [\(marks.joined(separator: ", "))]")
        }
        print("\nsource: \(detail.origin)")
        if let solution = detail.solution, !solution.isEmpty { print("solution:\n\(solution)") }
        if let answer = detail.sourceAnswer, !answer.isEmpty { print("source answer: \(answer)") }
        for (reviewer, decision) in detail.state.decisions.sorted(by: { $0.key < $1.key }) {
            print("decided by \(reviewer): \(decision.inWords)")
        }
        if let adjudicator = detail.state.adjudicator, let resolved = detail.state.resolved {
            print("adjudicated by \(adjudicator): \(resolved.inWords)")
        }
    }
}

/// The decision options of `decide` and `adjudicate`.
public struct DecisionOptions: ParsableArguments {
    @Argument(help: "The task key.") public var task: String
    @Argument(help: "ok, wrong_answer, remove, expert (phase 1); remove_option, keep_option, question_bad (phase 2).")
    public var verdict: String
    @Option(help: "For wrong_answer: the letter of the correct option.") public var answer: String?
    @Option(help: "For remove: \(ReviewDecision.RemovalReason.allCases.map(\.rawValue).joined(separator: ", ")).") public var reason:
        String?
    @Option(help: "A note.") public var note: String?
    public init() {}

    func decision() throws -> ReviewDecision {
        guard let verdict = ReviewDecision.Verdict(rawValue: verdict) else {
            throw ReviewError.invalidDecision(
                "unknown verdict \"\(verdict)\"; the verdicts: \(ReviewDecision.Verdict.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var reasonValue: ReviewDecision.RemovalReason?
        if let reason {
            guard let value = ReviewDecision.RemovalReason(rawValue: reason) else {
                throw ReviewError.invalidDecision(
                    "unknown reason \"\(reason)\"; the reasons: \(ReviewDecision.RemovalReason.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            reasonValue = value
        }
        return ReviewDecision(verdict: verdict, answer: answer?.uppercased(), reason: reasonValue, note: note)
    }
}

public struct ReviewDecideCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "decide", abstract: "Decide a task you claimed.")
    @OptionGroup public var options: ReviewerOptions
    @OptionGroup public var decision: DecisionOptions
    public init() {}
    public func run() async throws {
        try await options.act(on: decision.task) { queue, reviewer in
            try await queue.decide(reviewer, task: decision.task, try decision.decision()).status.rawValue
        }
    }
}

public struct ReviewAdjudicateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "adjudicate", abstract: "Decide a disputed task (adjudicators).")
    @OptionGroup public var options: ReviewerOptions
    @OptionGroup public var decision: DecisionOptions
    public init() {}
    public func run() async throws {
        try await options.act(on: decision.task) { queue, reviewer in
            try await queue.adjudicate(reviewer, task: decision.task, try decision.decision()).status.rawValue
        }
    }
}

public struct ReviewUndoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "undo", abstract: "Take back your decision on a task.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The task key.") public var task: String
    public init() {}
    public func run() async throws {
        try await options.act(on: task) { queue, reviewer in try await queue.undo(reviewer, task: task).status.rawValue }
    }
}

public struct ReviewReleaseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "release", abstract: "Give a claimed task back.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The task key.") public var task: String
    public init() {}
    public func run() async throws {
        try await options.act(on: task) { queue, reviewer in
            try await queue.release(reviewer, task: task)
            return "released"
        }
    }
}

public struct ReviewProgressCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Progress per phase, category and reviewer; agreement; calibration recall.")
    @OptionGroup public var options: ReviewerOptions
    @Flag(help: "Print the report as one JSON object (as GET /api/progress, without the asker).") public var json = false
    public init() {}

    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            if json {
                print(Digest.canonicalJSON(try await queue.report()))
                return
            }
            print("phase  category          open  disputed  decided")
            for row in try await queue.progress() {
                print(
                    "\(row.phase)      \(row.category.padding(toLength: 16, withPad: " ", startingAt: 0))  \(row.open)  \(row.disputed)  \(row.decided)"
                )
            }
            for (reviewer, count) in try await queue.decisionsByReviewer().sorted(by: { $0.key < $1.key }) {
                print("reviewer \(reviewer): \(count.total) decisions, \(count.today) today")
            }
            let agreement = try await queue.agreement()
            let number = { (value: Double?) in value.map { String(format: "%.3f", $0) } ?? "n/a" }
            print(
                String(
                    format: "agreement: %d tasks decided twice or more, %d pairs, %.1f%% agree, Fleiss' kappa %@", agreement.tasks,
                    agreement.pairs, agreement.percent, number(agreement.fleissKappa)))
            for pair in agreement.pairwise {
                print(
                    String(
                        format: "  %@ and %@: %d tasks, %.1f%% agree, Cohen's kappa %@", pair.first, pair.second, pair.tasks, pair.percent,
                        number(pair.kappa)))
            }
            for (name, share) in agreement.withAdjudication.sorted(by: { $0.key < $1.key }) {
                print("  \(name) against adjudicated outcomes: \(share.agree) of \(share.total)")
            }
            for (name, recall) in try await queue.calibration().sorted(by: { $0.key < $1.key }) {
                print(
                    String(
                        format: "calibration: %@ caught %d of %d planted defects (95%% interval %.0f%% to %.0f%%)", name, recall.caught,
                        recall.total, recall.low * 100, recall.high * 100))
            }
        }
    }
}

public struct ReviewExportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "export", abstract: "Write every standing decision as JSON Lines.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The file to write.") public var file: String
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            print("\(try await ReviewExchange.export(queue, to: URL(fileURLWithPath: file))) decisions written to \(file)")
        }
    }
}

public struct ReviewImportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import decisions; stale or conflicting ones are refused.")
    @OptionGroup public var options: ReviewerOptions
    @Argument(help: "The JSON Lines file.") public var file: String
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (configuration, queue) = try options.queue()
            let report = try await ReviewExchange.importDecisions(
                queue, from: URL(fileURLWithPath: file), displayPath: file, declared: configuration.pipeline.review?.reviewers ?? [:])
            print("\(report.recorded) decisions recorded, \(report.alreadyPresent) already present")
        }
    }
}

public struct ReviewServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the review web interface and its JSON API.")
    @OptionGroup public var options: ReviewerOptions
    @Option(help: "The port.") public var port: Int = 8080
    @Option(help: "The address to bind; 127.0.0.1 keeps it on this machine.") public var host: String = "127.0.0.1"
    @Option(help: "Close a connection idle this many seconds (1 to 3600).") public var idleSeconds: Int = 30
    public init() {}
    public func run() async throws {
        try await reviewing {
            let (_, queue) = try options.queue()
            let host = host
            guard (1...3600).contains(idleSeconds) else {
                throw ValidationError("--idle-seconds: expected 1 to 3600, found \(idleSeconds)")
            }
            let app = ReviewServer.application(queue: queue, host: host, port: port, idleSeconds: idleSeconds) { port in
                FileHandle.standardOutput.write(Data("review server on http://\(host):\(port)/review\n".utf8))
            }
            try await app.runService()
        }
    }
}
