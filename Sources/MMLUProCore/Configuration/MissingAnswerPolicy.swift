/// What to do with a question whose panel is incomplete and whose outcome depends on the
/// missing answers.
public enum MissingAnswerPolicy: String, Codable, Sendable, CaseIterable {
    /// Keep it (recorded as not fully judged).
    case keep
    /// Drop it, with reason `missing_answers`.
    case drop
    /// Hold it out of the build until the answers arrive.
    case hold
}
