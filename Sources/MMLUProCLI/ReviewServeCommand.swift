import ArgumentParser
import Foundation
import GRDB
import MMLUProCore
import MMLUProWeb

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
