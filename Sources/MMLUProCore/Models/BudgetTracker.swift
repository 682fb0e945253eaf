import Foundation

/// Tracks spending against a budget: reserves a request's worst case before it is sent.
actor BudgetTracker {
    private let limit: Double?
    private var spent = 0.0
    private var reserved = 0.0

    init(limit: Double?) { self.limit = limit }

    func check(_ amount: Double) throws {
        if let limit, spent + reserved + amount > limit {
            throw ModelGatewayError.budgetExceeded(limit: limit, spent: spent, needed: amount)
        }
    }

    func reserve(_ amount: Double) throws {
        try check(amount)
        reserved += amount
    }

    func settle(reserved amount: Double, spent cost: Double) {
        reserved -= amount
        spent += cost
    }
}
