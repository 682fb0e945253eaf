/// Classes of ASCII bytes, for the text checks that read UTF-8 bytes (a byte of a non-ASCII
/// character, 0x80 or more, is in none of them).
enum ASCIIByte {
    /// `A`–`Z`, `a`–`z`.
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }

    /// `A`–`Z`.
    @inline(__always) static func isUppercase(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }

    /// The byte in lower case (`A`–`Z` to `a`–`z`, every other byte as it is).
    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 { isUppercase(byte) ? byte | 0x20 : byte }

    /// `0`–`9`.
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// A letter or a digit.
    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }

    /// What a regular expression's `\w` is in ASCII: a letter, a digit or `_`.
    @inline(__always) static func isWord(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == 0x5F }
}
