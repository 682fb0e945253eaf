import MMLUProCore

// The claim's answer, written by hand at every claim: the JSON `JSONEncoder` writes for it
// with sorted keys (a test compares the two).

extension ReviewAPI.TaskView: CanonicalJSONRepresentable {
    var canonicalValue: CanonicalJSON.Value {
        var members: [String: CanonicalJSON.Value] = [
            "key": .string(key), "phase": .int(phase), "category": .string(category), "src": .string(src), "origin": .string(origin),
            "question": .string(question), "options": .array(options.map { .string($0) }), "answerIndex": .int(answerIndex),
            "state": state.canonicalValue, "reviewer": .string(reviewer), "origins": .array(origins.map { .string($0) }),
            "held": .bool(held), "left": .int(left), "total": .int(total),
        ]
        for (name, text) in [("solution", solution), ("sourceAnswer", sourceAnswer), ("option", option), ("judge", judge)] {
            if let text { members[name] = .string(text) }
        }
        return .object(members)
    }
}

extension ReviewAPI.Envelope: CanonicalJSONRepresentable where Value: CanonicalJSONRepresentable {
    var canonicalValue: CanonicalJSON.Value { .object(task.map { ["task": $0.canonicalValue] } ?? [:]) }
}
