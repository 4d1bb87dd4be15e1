"""Headless drivers: a window built over data + solvers + a step, run and rendered with no one at the screen."""
