"""Driving the main window in tests the way a user does: check solvers, set their settings, Run."""

#: Generous: CI machines are slow and shared; a run that takes this long is a hang.
FINISH_MS = 60_000


def run_to_end(qtbot, window, methods, **params):
    """Check `methods`, give each its hyperparameters (`gd={"lr": 0.1}`), run, wait until the
    race has finished, and pause the player (it stays where the playback was)."""
    window.solver_panel.set_checked(methods)
    for name, values in params.items():
        window.solver_panel.form(name).set_values(values)
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        assert window.run()
    window.player.pause()
