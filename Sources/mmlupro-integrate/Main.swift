import MMLUProCLI

/// The `mmlupro-integrate` executable: parses arguments and runs the command.
@main
struct Main {
    static func main() async {
        await IntegrateCommand.main()
    }
}
