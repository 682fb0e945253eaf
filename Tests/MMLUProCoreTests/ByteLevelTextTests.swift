import Foundation
import Testing

@testable import MMLUProCore

/// The byte-level readings of the generator's hot path, each held to the reading it replaced,
/// over random texts from an alphabet that mixes ASCII with what ASCII shortcuts get wrong.
@Suite struct ByteLevelTextTests {
    static let pieces: [String] = [
        "", "m", "M", "s", "S", "kg", "Kg", " ", "  ", ".", "..", "/", "^2", "m/s", "N", "J", "é", "É", "µ", "Ω", "°C", "ß", "ﬁ", "İ",
        "e\u{301}", "\u{301}", "\t", "A", "(B)", "C)", "D:", "K.", "(", ")", "-",
    ]

    static func text(_ generator: inout SplitMix64, pieces: [String] = pieces, most: UInt64 = 6) -> String {
        let length = Int(generator.next() % most)
        return (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
    }

    @Test("sameUnit(_:_:) answers as comparing normalizedUnit(_:) of both")
    func sameUnitMatchesNormalizedUnits() {
        var generator = SplitMix64(seed: 21)
        var same = 0
        for _ in 0..<20_000 {
            let a = Self.text(&generator)
            // Half the time a variant of the same unit: spaces, points and case changed.
            let b =
                generator.next() % 2 == 0
                ? Self.text(&generator)
                : a.uppercased().replacingOccurrences(of: " ", with: generator.next() % 2 == 0 ? "" : ". ")
            let expected = Quantity.normalizedUnit(a) == Quantity.normalizedUnit(b)
            if expected { same += 1 }
            #expect(Quantity.sameUnit(a, b) == expected, "\(a.debugDescription) \(b.debugDescription)")
        }
        #expect(same > 2_000)
    }

    @Test("hasLetterPrefix(_:) reads the labels A. (B) C) D: after leading spaces, A to J only")
    func letterPrefixes() {
        for labelled in ["A. x", "(B) x", "  C) x", "D: x", "J. ten", "(A) ", "   (J) y"] {
            #expect(OptionValidator.hasLetterPrefix(labelled), "\(labelled)")
        }
        for plain in ["", " ", "A", "A.", "A.x", "K. x", "(K) x", "(A)", "(A)x", "a. x", "A; x", "AB. x", "\tA. x", "É. x", "(B)\tx"] {
            #expect(!OptionValidator.hasLetterPrefix(plain), "\(plain)")
        }
    }

    @Test("OptionChecker.lowercased(_:) is String.lowercased()")
    func checkerLowercasing() {
        var generator = SplitMix64(seed: 22)
        for _ in 0..<5_000 {
            let text = Self.text(&generator)
            #expect(OptionChecker.lowercased(text) == text.lowercased(), "\(text.debugDescription)")
        }
    }

    @Test("spaced(_:_:) is joined(separator: \" \"), empty words and non-ASCII included")
    func spacedWords() {
        var generator = SplitMix64(seed: 23)
        for _ in 0..<5_000 {
            let words = (0..<Int(generator.next() % 6)).map { _ in Self.text(&generator, most: 3) }
            let joined = TextVariants.spaced(words.count) { words[$0] }
            #expect(joined == words.joined(separator: " "), "\(words)")
            #expect(Array(joined.utf8) == Array(words.joined(separator: " ").utf8))
        }
    }

    @Test("endingClass(_:) finds the longest ending with 3 letters before it, as a scan of every ending does")
    func endingClasses() {
        let endings = TextVariants.endingClasses.enumerated().flatMap { kind, list in list.map { ($0, kind) } }
        func expected(_ word: String) -> Int {
            let matches = endings.filter { ending, _ in
                word.utf8.count > ending.utf8.count + 2 && word.utf8.reversed().starts(with: ending.utf8.reversed())
            }
            return matches.max { $0.0.utf8.count < $1.0.utf8.count }?.1 ?? TextVariants.endingClasses.count
        }
        let stems = ["nat", "ab", "generat", "x", "", "communi", "é", "organ", "theor", "rapid"]
        let tails = endings.map(\.0) + ["", "q", "é", "ss"]
        for stem in stems {
            for tail in tails {
                let word = stem + tail
                #expect(TextVariants.endingClass(word) == expected(word), "\(word)")
            }
        }
    }
}

@Suite struct NeighbourSelectionTests {
    @Test("best(_:of:by:) keeps what sorting every candidate and taking the first ones keeps")
    func bestIsTheSortedPrefix() {
        var generator = SplitMix64(seed: 24)
        for _ in 0..<2_000 {
            let scores = (0..<Int(generator.next() % 40)).map { _ in Double(generator.next() % 7) }
            let candidates = Array(scores.indices).shuffled(using: &generator)
            let isBetter = { (a: Int, b: Int) in scores[a] != scores[b] ? scores[a] > scores[b] : a < b }
            for count in [0, 1, 3, 8, 50] {
                #expect(Neighbours.best(count, of: candidates, by: isBetter) == Array(candidates.sorted(by: isBetter).prefix(count)))
            }
        }
    }
}

@Suite struct HashCountsTests {
    @Test("HashCounts counts as a Dictionary does, through growth and colliding keys")
    func countsLikeADictionary() {
        var generator = SplitMix64(seed: 25)
        var counts = Audit.HashCounts()
        var expected: [Int: Int] = [:]
        // Keys from a small range (many repeats), multiples of a power of two (the same low
        // bits) and full-width hashes; zero and negative keys among them.
        for step in 0..<60_000 {
            let key: Int
            switch step % 3 {
            case 0: key = Int(generator.next() % 500) - 250
            case 1: key = Int(generator.next() % 4_000) << 20
            default: key = Int(bitPattern: UInt(generator.next()))
            }
            counts.add(key)
            expected[key, default: 0] += 1
        }
        for (key, count) in expected { #expect(counts.count(of: key) == count) }
        for _ in 0..<1_000 {
            let absent = Int(bitPattern: UInt(generator.next()))
            #expect(counts.count(of: absent) == expected[absent, default: 0])
        }
    }
}

@Suite struct ReleaseFileBytesTests {
    @Test("a split's file is the bytes of the lines joined as strings")
    func joinedLines() {
        for lines in [[], [""], ["{\"a\": 1}"], ["{\"q\": \"é\"}", "{\"q\": \"x\\ny\"}", "😀"]] {
            #expect(
                ReleaseBuilder.joined(lines, prefix: "[\n", separator: ",\n", suffix: "\n]\n")
                    == Data(("[\n" + lines.joined(separator: ",\n") + "\n]\n").utf8))
            #expect(
                ReleaseBuilder.joined(lines, prefix: "", separator: "\n", suffix: lines.isEmpty ? "" : "\n")
                    == Data(lines.map { $0 + "\n" }.joined().utf8))
        }
    }

    @Test("HashedText keys group what String keys group, canonically equivalent text included")
    func hashedTextGroupsAsStringsDo() {
        // "é" precomposed and as e + combining acute: equal Strings, different bytes.
        let texts = ["caf\u{E9}", "cafe\u{301}", "cafe", "Caf\u{E9}", "", "cafe", "x\u{301}\u{327}", "x\u{327}\u{301}"]
        for a in texts {
            for b in texts {
                #expect((HashedText(a) == HashedText(b)) == (a == b), "\(Array(a.unicodeScalars)) \(Array(b.unicodeScalars))")
                if a == b { #expect(HashedText(a).hashValue == HashedText(b).hashValue) }
            }
        }
        #expect(Set(texts.map(HashedText.init)).count == Set(texts).count)
        let entries = texts.enumerated().map { index, text in
            Audit.Entry(
                ReleaseRecord(
                    questionID: index, question: text, options: ["a", "b"], answerIndex: 0, cotContent: "", category: "math", src: "x"),
                split: "test")
        }
        #expect(Audit.groups(entries, by: texts.map(HashedText.init)) == [[0, 1], [2, 5], [3], [4], [6, 7]])
    }
}
