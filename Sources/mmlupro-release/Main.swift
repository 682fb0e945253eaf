import MMLUProCLI

/// The `mmlupro-release` executable: parses arguments and runs the command.
@main
struct Main {
    static func main() async {
        await ReleaseCommand.main()
    }
}
