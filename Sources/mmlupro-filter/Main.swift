import MMLUProCLI

/// The `mmlupro-filter` executable: parses arguments and runs the command.
@main
struct Main {
    static func main() async {
        await FilterCommand.main()
    }
}
