import MMLUProCLI

FilterCommand.main()
