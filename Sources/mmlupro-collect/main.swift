import MMLUProCLI

CollectCommand.main()
