import Foundation

/// The wrong options `fake_openai.py` writes, for tests that answer a prompt themselves (batch
/// results): numbers written like a numeric answer (the validator refuses an option in another
/// format), else marked text.
enum FakeDistractors {
    static func list(_ prompt: String, count: Int, marker: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"the correct answer is "(.*)""#)
        let number = try! NSRegularExpression(pattern: #"^(\s*\$?[-+]?)(\d+(?:\.\d+)?)(.*)$"#, options: .dotMatchesLineSeparators)
        guard let match = pattern.firstMatch(in: prompt, range: NSRange(prompt.startIndex..., in: prompt)),
            let range = Range(match.range(at: 1), in: prompt)
        else { return (0..<count).map { "\(marker) \($0)" } }
        let answer = String(prompt[range])
        guard let parts = number.firstMatch(in: answer, range: NSRange(answer.startIndex..., in: answer)) else {
            return (0..<count).map { "\(marker) \($0)" }
        }
        let group = { (index: Int) in String(answer[Range(parts.range(at: index), in: answer)!]) }
        let digits = group(2)
        let decimals = digits.split(separator: ".").dropFirst().first?.count ?? 0
        let value = Double(digits).flatMap { $0 == 0 ? 1 : $0 } ?? 1
        let current = Set(
            prompt.split(separator: "\n").filter { $0.count > 3 && $0.dropFirst().hasPrefix(". ") }.map { String($0.dropFirst(3)) })
        var written: [String] = []
        for step in 0..<64 where written.count < count {
            let option = group(1) + String(format: "%.\(decimals)f", value * (5.3 + 1.91 * Double(step))) + group(3)
            if !current.contains(option) && !written.contains(option) { written.append(option) }
        }
        return written
    }
}
