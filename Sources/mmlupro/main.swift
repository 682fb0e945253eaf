import MMLUProCLI

MMLUProCommand.main()
