"""The run: solvers in worker threads, their recorded traces, the player, and the run's toolbar and table."""
