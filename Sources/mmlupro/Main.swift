import MMLUProCLI

/// The `mmlupro` executable: parses arguments and runs the command.
@main
struct Main {
    static func main() async {
        await MMLUProCommand.main()
    }
}
