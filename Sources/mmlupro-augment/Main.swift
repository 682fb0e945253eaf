import MMLUProCLI

/// The `mmlupro-augment` executable: parses arguments and runs the command.
@main
struct Main {
    static func main() async {
        await AugmentCommand.main()
    }
}
