"""The hand calculation: the course notes' board, step by step."""
