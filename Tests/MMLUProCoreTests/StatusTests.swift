import Foundation
import Testing

@testable import MMLUProCore

@Suite struct StatusTests {
    @Test func sampleFunnelMatchesGolden() throws {
        let sandbox = try Sandbox()
        try sandbox.build()
        let (_, pool) = try sandbox.open()
        let text = try pool.read { try Funnel.read($0) }.text()
        // The stage lines carry timestamps; the tables below them are the funnel.
        let funnel = String(text[text.range(of: "Funnel by source")!.lowerBound...])
        #expect(try matchesSnapshot(funnel, "sample-funnel.txt"))
        #expect(text.contains("collect   completed"))
    }

    @Test func funnelAddsUp() throws {
        let sandbox = try Sandbox()
        try sandbox.build()
        let (_, pool) = try sandbox.open()
        let funnel = try pool.read { try Funnel.read($0) }
        for row in funnel.rows {
            #expect(row.ingested == row.removed.values.reduce(0, +) + row.held + row.kept)
        }
        #expect(funnel.rows.map(\.ingested).reduce(0, +) == 89)
        let byReason: Int = funnel.reasons.map(\.count).reduce(0, +)
        let byRow: Int = funnel.rows.flatMap { Array($0.removed.values) }.reduce(0, +)
        #expect(byReason == byRow)
    }

    @Test func invalidatedStageIsShown() throws {
        let sandbox = try Sandbox()
        try sandbox.build()
        try sandbox.edit("raw/scibench/stat.json", replacing: "\"answer_number\": \"\"", with: "\"answer_number\": \"1\"")
        try sandbox.build([.collect])
        let (_, pool) = try sandbox.open()
        let text = try pool.read { try Funnel.read($0) }.text()
        #expect(text.contains("filter    invalidated"))
        #expect(text.contains("collect changed; rerun it"))
    }
}
