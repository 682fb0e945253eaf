/// What `mmlupro --version` prints.
public enum BuildInfo {
    /// The version of the pipeline (not of a release it builds).
    public static let version = "0.5.0"
}
