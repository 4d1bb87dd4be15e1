"""The exit codes of every command (DESIGN.md): a leaf module, so that each command imports
them from here and never from cli.main."""

EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT, EXIT_FAILED = 0, 1, 2, 3
