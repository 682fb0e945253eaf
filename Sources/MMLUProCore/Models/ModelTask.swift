/// What a request asks the model for, as data. The offline generator answers from this; a
/// language model answers from the rendered prompt, which carries the same content.
public enum ModelTask: Codable, Sendable, Equatable {
    /// Write `count` wrong options for a question.
    case distractors(DistractorTask)
    /// Extract a short final answer from a worked solution.
    case extractAnswer(ExtractionTask)
    /// Answer a multiple-choice question (the difficulty filter's panel).
    case answer(AnswerTask)
    /// Say of every option whether it could be correct (review, phase 2).
    case judge(JudgeTask)

    public struct JudgeTask: Codable, Sendable, Equatable {
        public var question: String
        public var options: [String]
        public var answerIndex: Int

        public init(question: String, options: [String], answerIndex: Int) {
            self.question = question
            self.options = options
            self.answerIndex = answerIndex
        }
    }

    public struct AnswerTask: Codable, Sendable, Equatable {
        public var question: String
        public var options: [String]

        public init(question: String, options: [String]) {
            self.question = question
            self.options = options
        }
    }

    public struct DistractorTask: Codable, Sendable, Equatable {
        public var question: String
        public var answer: String
        /// The options the question has now (the answer among them).
        public var options: [String]
        /// Options already rejected, which must not come back.
        public var rejected: [String]
        public var count: Int
        public var category: String
        /// Options of similar questions, for non-numeric answers (the heuristic's last resort).
        public var siblings: [String]
        /// Words of the most similar questions of the subject (the heuristic's substitutions).
        public var vocabulary: [String]?
        /// How many of the vocabulary's first words come from the neighbours' options.
        public var vocabularyFromOptions: Int?

        public init(
            question: String, answer: String, options: [String], rejected: [String], count: Int, category: String,
            siblings: [String], vocabulary: [String]? = nil, vocabularyFromOptions: Int? = nil
        ) {
            self.question = question
            self.answer = answer
            self.options = options
            self.rejected = rejected
            self.count = count
            self.category = category
            self.siblings = siblings
            self.vocabulary = vocabulary
            self.vocabularyFromOptions = vocabularyFromOptions
        }
    }

    public struct ExtractionTask: Codable, Sendable, Equatable {
        public var question: String
        public var solution: String
        /// The source's own short answer, when it has one.
        public var sourceAnswer: String?

        public init(question: String, solution: String, sourceAnswer: String?) {
            self.question = question
            self.solution = solution
            self.sourceAnswer = sourceAnswer
        }
    }
}
