import Foundation
import Testing

@testable import MMLUProCore

@Suite struct StatusTests {
    @Test func sampleFunnelMatchesGolden() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let text = try await pool.read { try Funnel.read($0) }.text()
        // The stage lines carry timestamps; the tables below them are the funnel.
        let funnel = String(text[text.range(of: "Funnel by source")!.lowerBound...])
        #expect(try matchesSnapshot(funnel, "sample-funnel.txt"))
        #expect(text.contains("collect   completed"))
    }

    @Test func funnelAddsUp() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        let (_, pool) = try sandbox.open()
        let funnel = try await pool.read { try Funnel.read($0) }
        for row in funnel.rows {
            #expect(row.ingested == row.removed.values.reduce(0, +) + row.held + row.kept)
        }
        #expect(funnel.rows.map(\.ingested).reduce(0, +) == 89)
        let byReason: Int = funnel.reasons.map(\.count).reduce(0, +)
        let byRow: Int = funnel.rows.flatMap { Array($0.removed.values) }.reduce(0, +)
        #expect(byReason == byRow)
    }

    @Test func invalidatedStageIsShown() async throws {
        let sandbox = try Sandbox()
        try await sandbox.build()
        try sandbox.edit("raw/scibench/stat.json", replacing: "\"answer_number\": \"\"", with: "\"answer_number\": \"1\"")
        try await sandbox.build([.collect])
        let (_, pool) = try sandbox.open()
        let text = try await pool.read { try Funnel.read($0) }.text()
        #expect(text.contains("filter    invalidated"))
        #expect(text.contains("collect changed; rerun it"))
    }
}
