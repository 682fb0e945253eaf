import Foundation
import GRDB

/// A recorded exception to a release gate: who waived it for which question, and why.
public struct Waiver: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "release_waiver"

    /// Gates that may be waived: a judgement call, not a broken record.
    public static let waivable: Set<AuditCheck> = [.figureReference, .metaOptions, .nearDuplicateQuestions]

    public var gate: AuditCheck
    public var itemKey: String
    public var by: String
    public var reason: String
    public var origin: String

    enum CodingKeys: String, CodingKey {
        case gate, reason, origin
        case itemKey = "item_key"
        case by = "waived_by"
    }

    /// Reads a waiver file: JSON Lines of `{"gate": ID, "item": KEY, "by": WHO, "reason": WHY}`.
    /// - Throws: ``InputError`` naming the line.
    public static func read(_ file: InputFile) throws -> [Waiver] {
        struct Line: Decodable {
            var gate: String
            var item: String
            var by: String
            var reason: String
        }
        var waivers: [Waiver] = []
        var seen = Set<String>()
        for (line, location) in try JSONInput.lines(Line.self, from: file.data, displayPath: file.displayPath) {
            guard let gate = AuditCheck(rawValue: line.gate), waivable.contains(gate) else {
                let names = waivable.map(\.rawValue).sorted().joined(separator: ", ")
                throw InputError(
                    .invalidValue, at: "\(location) $.gate", "expected a gate that can be waived (\(names)), found \"\(line.gate)\"")
            }
            for (field, value) in [("by", line.by), ("reason", line.reason), ("item", line.item)]
            where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw InputError(
                    .missingField, at: "\(location) $.\(field)", "expected who waived the gate and why, found an empty \(field)")
            }
            guard seen.insert("\(line.gate)|\(line.item)").inserted else {
                throw InputError(.duplicate, at: location, "expected one waiver per gate and item, found \(line.gate) \(line.item) again")
            }
            waivers.append(Waiver(gate: gate, itemKey: line.item, by: line.by, reason: line.reason, origin: file.origin(location)))
        }
        return waivers
    }
}
