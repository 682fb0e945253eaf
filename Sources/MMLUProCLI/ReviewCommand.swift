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
