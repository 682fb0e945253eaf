import MMLUProCLI

/// The `mmlupro-review` executable: parses arguments and runs the command.
@main
struct Main {
    static func main() async {
        await ReviewCommand.main()
    }
}
