import Foundation
import Testing

@testable import MMLUProCore

@Suite struct SHA256Tests {
    @Test(
        "NIST test vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func vectors(input: String, expected: String) {
        #expect(Digest.sha256(input) == expected)
        var rounds = SHA256(hardware: false)
        rounds.update(input)
        #expect(Digest.hex(rounds.finalize()) == expected, "the Swift rounds")
    }

    /// The processor's SHA instructions (where it has them) against the Swift rounds, over
    /// every length up to five blocks and fed in pieces of every size.
    @Test(.enabled(if: SHA256.hardwareAvailable, "this processor has no SHA instructions"))
    func instructionsEqualTheRounds() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<320).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in 0...bytes.count {
            let piece = 1 + length % 70
            var digests: [String] = []
            for hardware in [true, false] {
                var hasher = SHA256(hardware: hardware)
                for start in stride(from: 0, to: length, by: piece) {
                    bytes[start..<min(start + piece, length)].withUnsafeBytes { hasher.update($0) }
                }
                digests.append(Digest.hex(hasher.finalize()))
            }
            #expect(digests[0] == digests[1], "\(length) bytes in pieces of \(piece)")
        }
    }

    @Test func millionAs() {
        #expect(
            Digest.sha256(Data(repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let data = Data((0..<1000).map { UInt8($0 % 251) })
        for split in [0, 1, 63, 64, 65, 500, 999] {
            var hasher = SHA256()
            data.prefix(split).withUnsafeBytes { hasher.update($0) }
            hasher.update(data.dropFirst(split))
            #expect(Digest.hex(hasher.finalize()) == Digest.sha256(data), "split at \(split)")
        }
    }
}
