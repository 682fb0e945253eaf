/// Named counts a stage reports about a run (`ingested`, `dropped`, ...).
public typealias StageCounts = [String: Int]
