import Foundation

/// The learned options-only attacker: a logistic regression over per-option surface features
/// (length, rank, overlap, similarity, digits, format, reuse, position), fitted by Newton's
/// method with a small ridge on one half of the questions and tested on the other, both ways.
enum LearnedAttacker {
    /// Features per option (the length of a row of ``features(_:reused:)``).
    static let width = 19

    /// Per-option scores for every question, each from the model fitted on the other fold.
    static func scores(_ questions: [Shortcuts.Prepared], records: [ReleaseRecord], reuse: ReuseIndex) -> [[Double]?] {
        let rows = ParallelMap.map(Array(questions.indices)) { Self.features(questions[$0], reused: reuse.byQuestion[$0]) }
        var scores: [[Double]?] = questions.map { _ in nil }
        // The two folds are fitted at once, each reading the rows where they are.
        let folds = ParallelMap.map([0, 1], chunk: 1) { fold in
            fit(questions.indices.filter { $0 % 2 != fold }.map { (rows: rows[$0], answer: records[$0].answerIndex) })
        }
        for fold in 0..<2 {
            let test = questions.indices.filter { $0 % 2 == fold }
            guard let weights = folds[fold] else { continue }
            for index in test {
                let row = rows[index]
                scores[index] = (0..<(row.count / width)).map { option in
                    (0..<width).reduce(0.0) { $0 + row[option * width + $1] * weights[$1] }
                }
            }
        }
        return scores
    }

    /// The feature rows of a question's options, one after another in one list (``width`` each);
    /// `reused`: in how many questions each option is one.
    static func features(_ question: Shortcuts.Prepared, reused: [Int]) -> [Double] {
        let n = question.options.count
        let lengths = question.lengths.map(Double.init)
        // Keys are whitespace-normalised: words are the single spaces plus one.
        let words = question.keys.map { $0.text.isEmpty ? 0 : Double($0.text.utf8.reduce(1) { $1 == 0x20 ? $0 + 1 : $0 }) }
        let overlap = question.overlap.map(Double.init)
        let centroid = question.centroid
        let family = question.values.map { TextFeatures.familyCounts($0, factors: [10, 0.1, 100, 0.01, -1, 2, 0.5]) }
        let unique = TextFeatures.uniqueFormatCounts(question.formats)
        let maxLength = lengths.max() ?? 0
        let minLength = lengths.min() ?? 0
        let ranks = lengths.map { length in Double(lengths.reduce(0) { $1 < length ? $0 + 1 : $0 }) / Double(max(n - 1, 1)) }
        func z(_ values: [Double]) -> [Double] {
            let mean = values.reduce(0, +) / Double(max(values.count, 1))
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))).squareRoot()
            return values.map { sd > 0 ? ($0 - mean) / sd : 0 }
        }
        let (lengthZ, wordsZ, overlapZ, centroidZ) = (z(lengths), z(words), z(overlap), z(centroid))
        var rows: [Double] = []
        rows.reserveCapacity(n * width)
        for index in 0..<n {
            let option = question.options[index]
            let text = Self.textFeatures(option)
            for feature in [
                1, lengthZ[index], lengths[index] == maxLength ? 1 : 0, lengths[index] == minLength ? 1 : 0, ranks[index],
                wordsZ[index], min(overlap[index], 5), overlapZ[index], centroidZ[index],
                Double(text.digits) / Double(max(text.scalars, 1)), text.markup ? 1 : 0,
                question.values == nil ? 0 : 1, Double(family?[index] ?? 0), Double(unique[index]),
                log(Double(max(reused[index], 1))), text.capital ? 1 : 0,
                text.period ? 1 : 0, Double(index) / 9,
                question.unrelated[index] == true ? 1 : 0,
            ] as [Double] {
                rows.append(feature)
            }
        }
        // `width` is what `fit` and the scores read a row as: a feature added here is one more.
        assert(rows.count == n * width, "a feature row has \(rows.count / max(n, 1)) values, not \(width)")
        return rows
    }

    /// What the features read of an option's own text: its ``digits(_:)``, whether its first
    /// character after any whitespace is a capital, whether it ends with a full stop, whether it
    /// has `$` or `\` (LaTeX). ASCII text is read byte by byte (its characters are its bytes,
    /// but `\r\n`, which is whitespace); other text by `Character`.
    static func textFeatures(_ text: String) -> (digits: Int, scalars: Int, capital: Bool, period: Bool, markup: Bool) {
        var copy = text
        let ascii = copy.withUTF8 { bytes -> (digits: Int, scalars: Int, capital: Bool, period: Bool, markup: Bool)? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let first = bytes.first { $0 != 0x20 && !(0x09...0x0D).contains($0) }
            return (
                bytes.reduce(0) { (0x30...0x39).contains($1) ? $0 + 1 : $0 }, bytes.count, first.map(ASCIIByte.isUppercase) ?? false,
                bytes.last == 0x2E, bytes.contains { $0 == 0x24 || $0 == 0x5C }
            )
        }
        if let ascii { return ascii }
        let (digits, scalars) = Self.digits(text)
        return (
            digits, scalars, text.first { !$0.isWhitespace }?.isUppercase == true, text.hasSuffix("."),
            text.utf8.contains { $0 == 0x24 || $0 == 0x5C }
        )
    }

    /// How many of the text's scalars have a numeric type (in ASCII, the digits), and how many
    /// scalars it has.
    static func digits(_ text: String) -> (digits: Int, scalars: Int) {
        var (digits, scalars) = (0, 0)
        for scalar in text.unicodeScalars {
            scalars += 1
            if scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType != nil { digits += 1 }
        }
        return (digits, scalars)
    }

    /// Logistic-regression weights for "this option is the answer", or nil with no data.
    /// - Parameter questions: each question's ``features(_:reuse:)`` and its answer's index.
    static func fit(_ questions: [(rows: [Double], answer: Int)]) -> [Double]? {
        // The rows are read where they are, question after question, and the Hessian's upper
        // triangle is summed in a flat buffer: the same sums in the same order as over one
        // matrix of every row, without copying the rows or a copy check per addition.
        let count = questions.reduce(0) { $0 + $1.rows.count / width }
        guard count > width else { return nil }
        var weights = Array(repeating: 0.0, count: width)
        let ridge = 1e-3 * Double(count)
        // Most features of an option are 0 (flags, counts), and a 0 adds nothing to a sum but
        // a signed zero: each option's terms are summed over its other features only, the
        // same sums bit for bit (no sum here is ever -0, which + 0 would turn into +0). The
        // features are finite; one that is not (0 × ∞ is NaN, not 0) makes the first step NaN
        // however many terms are summed, and the fit ends with the weights the dense sums give.
        var support = [Int](repeating: 0, count: width)
        for _ in 0..<12 {
            var gradient = weights.map { ridge * $0 }
            var hessian = [Double](repeating: 0, count: width * width)
            for j in 0..<width { hessian[j * width + j] = ridge }
            gradient[0] -= ridge * weights[0]
            hessian[0] -= ridge
            hessian.withUnsafeMutableBufferPointer { h in
                gradient.withUnsafeMutableBufferPointer { g in
                    for question in questions {
                        question.rows.withUnsafeBufferPointer { rows in
                            for option in 0..<(rows.count / width) {
                                let x = UnsafeBufferPointer(rebasing: rows[(option * width)..<((option + 1) * width)])
                                var t = 0.0
                                for j in 0..<width { t += x[j] * weights[j] }
                                let p = 1 / (1 + exp(-t))
                                let w = max(p * (1 - p), 1e-9)
                                let residual = p - (option == question.answer ? 1 : 0)
                                var terms = 0
                                for j in 0..<width where x[j] != 0 {
                                    support[terms] = j
                                    terms += 1
                                }
                                for a in 0..<terms {
                                    let j = support[a]
                                    g[j] += residual * x[j]
                                    let wx = w * x[j]
                                    for b in a..<terms { h[j * width + support[b]] += wx * x[support[b]] }
                                }
                            }
                        }
                    }
                }
            }
            let matrix = (0..<width).map { j in (0..<width).map { k in k >= j ? hessian[j * width + k] : hessian[k * width + j] } }
            guard let step = solve(matrix, gradient) else { break }
            var largest = 0.0
            for j in 0..<width {
                weights[j] -= step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-8 { break }
        }
        return weights
    }

    /// Solves `a x = b` by Gaussian elimination with partial pivoting.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a
        var v = b
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }), abs(m[pivot][column]) > 1e-12
            else { return nil }
            m.swapAt(column, pivot)
            v.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = m[row][column] / m[column][column]
                guard factor != 0 else { continue }
                for k in column..<n { m[row][k] -= factor * m[column][k] }
                v[row] -= factor * v[column]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = v[row]
            for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
