import Testing

@testable import MMLUProCore

@Suite struct CSVParserTests {
    func parse(_ text: String) throws -> [CSVParser.Record] {
        try CSVParser.parse(Array(text.utf8), displayPath: "t.csv")
    }

    @Test func quotedFieldsKeepNewlinesCommasAndQuotes() async throws {
        let records = try parse("\"a\nb\",\"x, y\",\"say \"\"hi\"\"\",None,NA,A\n")
        #expect(records == [CSVParser.Record(line: 1, fields: ["a\nb", "x, y", "say \"hi\"", "None", "NA", "A"])])
    }

    @Test func lineNumbersCountEmbeddedNewlines() async throws {
        let records = try parse("q1,a,b,c,d,A\n\"q\n2\",a,b,c,d,B\nq3,a,b,c,d,C")
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[2].fields.last == "C")
    }

    @Test func crlfTerminatorsAreRemovedButCRLFInsideQuotesIsKept() async throws {
        let records = try parse("\"x\r\ny\",b\r\nc,d\r\n")
        #expect(records.map(\.fields) == [["x\r\ny", "b"], ["c", "d"]])
    }

    @Test func noFinalNewlineAndTrailingEmptyField() async throws {
        #expect(try parse("a,b,").map(\.fields) == [["a", "b", ""]])
    }

    @Test func whitespaceIsKept() async throws {
        #expect(try parse(" a , b\u{00A0}\n").map(\.fields) == [[" a ", " b\u{00A0}"]])
    }

    @Test func unterminatedQuoteNamesTheLineItOpened() {
        #expect {
            try parse("ok,1\n\"open,2\nmore\n")
        } throws: { error in
            (error as? InputError)?.code == .malformedCSV && (error as? InputError)?.location == "t.csv:2"
        }
    }

    @Test func textAfterClosingQuoteIsAnError() {
        #expect {
            try parse("ok,1\n\"x\"y,2\n")
        } throws: { ($0 as? InputError)?.code == .malformedCSV && ($0 as? InputError)?.location == "t.csv:2" }
    }

    @Test func invalidUTF8NamesTheLine() {
        let bytes: [UInt8] = Array("a,b\nc,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect {
            try CSVParser.parse(bytes, displayPath: "t.csv")
        } throws: { ($0 as? InputError)?.code == .invalidUTF8 && ($0 as? InputError)?.location == "t.csv:2" }
    }
}
