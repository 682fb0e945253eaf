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
