import MMLUProCLI

/// The `mmlupro-collect` executable: parses arguments and runs the command.
@main
struct Main {
    static func main() async {
        await CollectCommand.main()
    }
}
