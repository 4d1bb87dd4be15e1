"""The Neural view: each experiment's plots checked against mathematics or numpy computed here
(lstsq on the same random features, orthogonal matrices preserving norms), and its worker thread
cancelled and shut down cleanly."""

import numpy as np
import pytest

from engine.neural import initial_network, make_curve
from engine.neural.canvas_data import GENERATED
from gui.run.threads import running_threads
from gui.views.neural.view import NeuralView

from .driving import FINISH_MS

#: Small settings: every run here takes well under a second.
FAST_FIT = {"width": 10, "iterations": 200, "hybrid_steps": 10}


@pytest.fixture
def view(window) -> NeuralView:
    window.show_view("neural")
    view = window.view("neural")
    assert isinstance(view, NeuralView)
    return view


def settle(qtbot, view: NeuralView) -> None:
    """Wait until no run computes (a page runs by itself the first time it is shown)."""
    qtbot.waitUntil(lambda: not view.busy, timeout=FINISH_MS)


def run_page(qtbot, view: NeuralView, key: str, **settings) -> None:
    """Show the page, set its spin boxes and combo boxes, press Run, wait until the run has completed."""
    view.show_page(key)
    page = view.page_named(key)
    for name, value in settings.items():
        box = getattr(page, name)
        if hasattr(box, "findData"):
            box.setCurrentIndex(box.findData(value))
        else:
            box.setValue(value)
    with qtbot.waitSignal(view.run_finished, timeout=FINISH_MS, check_params_cb=lambda: view.runner.completed):
        view.run_button.click()


def start_long_fit(qtbot, window, view, checked: list[str], **spin_boxes) -> object:
    """Start a fit of 50 000 iterations on the noisy line and wait for its first steps: a run that
    is still going when the test acts. Returns the fit page."""
    window.load_dataset("noisy-line")
    page = view.page_named("fit")
    page.set_checked(checked)
    view.show_page("fit")
    settle(qtbot, view)
    page.iterations.setValue(50_000)
    for name, value in spin_boxes.items():
        getattr(page, name).setValue(value)
    assert view.run()
    qtbot.waitUntil(lambda: len(page.tracks["trained-adam"].k) > 0, timeout=FINISH_MS)
    return page


def reference_solved_curve(x_train, y_train, width, seed, scale):
    """lstsq on [1, tanh(x W1ᵀ + b1)] for the network's random hidden layer; the curve on [−1, 1]."""
    params = initial_network(1, width, "tanh", seed=seed, scale=scale).params
    w1, b1 = params["W1"], params["b1"]

    def design(u):
        return np.column_stack([np.ones(len(u)), np.tanh(np.outer(u, w1[:, 0]) + b1)])

    a = design(x_train)
    theta, *_ = np.linalg.lstsq(a, y_train, rcond=None)
    grid = np.linspace(-1.0, 1.0, 200)
    residual = a @ theta - y_train
    return grid, design(grid) @ theta, 0.5 * float(residual @ residual) / len(y_train)


def independent_training_data(window, page):
    """The canvas's training points in the network's units, worked out here: x onto [−1, 1], y standardised;
    the held-out points are the hollow ones drawn. Returns (u, v, to canvas x, to canvas y)."""
    x, y = window.points.x, window.points.y
    if len(x) < 5:
        data = make_curve(GENERATED["curve"], n_train=GENERATED["n_train"], n_val=GENERATED["n_val"],
                          noise=GENERATED["noise"], seed=GENERATED["seed"])
        return data.x_train[:, 0], data.y_train, (lambda u: u), (lambda v: v)
    drawn_x = np.asarray(page.val_points.xData)  # mapped to [−1, 1] and back: equal up to rounding
    held = np.min(np.abs(x[:, None] - drawn_x[None, :]), axis=1) <= 1e-9 * np.ptp(x)
    assert held.sum() == len(x) // 5  # one point in five held out
    mid, half = (x.max() + x.min()) / 2, (x.max() - x.min()) / 2
    mean, sd = y.mean(), y.std()
    return (x[~held] - mid) / half, (y[~held] - mean) / sd, (lambda u: mid + half * u), (lambda v: mean + sd * v)


@pytest.mark.parametrize("dataset", ["noisy-line", "seed-4pt"])
def test_fit_race_draws_the_solved_fit_as_lstsq_on_the_random_features(qtbot, window, view, dataset):
    window.load_dataset(dataset)
    page = view.page_named("fit")
    page.set_checked(["trained-adam", "solved-householder", "hybrid"])
    run_page(qtbot, view, "fit", **FAST_FIT)

    u, v, to_x, to_y = independent_training_data(window, page)
    grid, curve, train_loss = reference_solved_curve(u, v, 10, 0, 16.0)
    drawn = page.fit_curves["solved-householder"]
    np.testing.assert_allclose(drawn.xData, to_x(grid), rtol=1e-12, atol=1e-12)
    scale = np.ptp(to_y(curve))
    np.testing.assert_allclose(drawn.yData, to_y(curve), rtol=0, atol=1e-8 * scale)
    # The loss plot: one training and one validation curve per fit that ran, none for the others.
    drawn_train = {key for key, item in page.loss_curves.items() if item.yData is not None and len(item.yData)}
    drawn_val = {key for key, item in page.val_curves.items() if item.yData is not None and len(item.yData)}
    assert drawn_train == drawn_val == {"trained-adam", "solved-householder", "hybrid"}
    assert len(page.loss_plot.plotItem.legend.items) == 3 + (dataset == "seed-4pt")  # + the noise floor
    assert page.loss_curves["solved-householder"].yData[-1] == pytest.approx(train_loss, rel=1e-9)
    np.testing.assert_array_equal(page.loss_curves["trained-adam"].xData, np.arange(201))
    # The generated curve is said to be generated; the user's points are said to be theirs.
    assert ("Fewer than 5 points" in view.note.text()) == (dataset == "seed-4pt")


def test_losses_against_time_use_the_seconds_each_fit_computed(qtbot, window, view):
    window.load_dataset("noisy-line")
    page = view.page_named("fit")
    page.set_checked(["trained-gd", "solved-svd"])
    run_page(qtbot, view, "fit", **FAST_FIT)
    page.x_axis.setCurrentIndex(page.x_axis.findData("time"))
    seconds = np.asarray(page.loss_curves["trained-gd"].xData)
    assert len(seconds) == 201 and np.all(seconds >= 0) and np.all(np.diff(seconds) >= 0)
    assert page.loss_plot.getAxis("bottom").labelText == "seconds computed"
    page.x_axis.setCurrentIndex(page.x_axis.findData("iteration"))
    np.testing.assert_array_equal(page.loss_curves["trained-gd"].xData, np.arange(201))


def test_deep_init_orthogonal_jacobian_has_every_singular_value_one(qtbot, view):
    run_page(qtbot, view, "init", depth=32, width=16, activation="linear", gain=1.0)
    page = view.page_named("init")
    orthogonal = page.curves["orthogonal"][2]
    np.testing.assert_array_equal(orthogonal.xData, np.arange(1, 17))
    np.testing.assert_allclose(orthogonal.yData, 1.0, rtol=0, atol=1e-10)
    # A product of orthogonal matrices keeps every norm: activations and gradients are flat too.
    activations, gradients = page.curves["orthogonal"][0].yData, page.curves["orthogonal"][1].yData
    np.testing.assert_allclose(activations, activations[0], rtol=1e-10)
    np.testing.assert_allclose(gradients, 1.0, rtol=1e-10)
    gaussian = page.curves["gaussian"][2].yData
    assert gaussian[0] / gaussian[-1] > 1e3  # the Gaussian product's singular values spread over decades
    assert "κ(J) = 1" in view.note.text()


def test_orthogonal_layers_qrlinear_stays_orthogonal_at_every_step(qtbot, view):
    run_page(qtbot, view, "layers", n=8, steps=50)
    page = view.page_named("layers")
    qr = page.error_curves["qr"]
    np.testing.assert_array_equal(qr.xData, np.arange(51))
    assert np.max(qr.yData) <= 1e-10
    np.testing.assert_allclose(page.curves["qr"][2].yData, 1.0, atol=1e-12)  # σmax of an orthogonal W
    # The free layer starts orthogonal and leaves the orthogonal matrices to fit a Gaussian target.
    free = page.error_curves["free"].yData
    assert free[0] <= 1e-10 and free[-1] > 1e-2


def test_rnn_orthogonal_gradient_keeps_its_norm_at_every_time_step(qtbot, view):
    run_page(qtbot, view, "rnn", n=16, steps=50, gain=1.0)
    page = view.page_named("rnn")
    np.testing.assert_allclose(page.curves["orthogonal"].yData, 1.0, atol=1e-12)
    eig = page.eigs["orthogonal"]
    np.testing.assert_allclose(np.hypot(eig.xData, eig.yData), 1.0, atol=1e-12)  # on the unit circle


def test_random_features_one_point_per_seed_and_kind(qtbot, window, view):
    window.load_dataset("noisy-line")
    run_page(qtbot, view, "features", seeds=5, width=8, dim=1)
    page = view.page_named("features")
    for kind in ("gaussian", "orthogonal"):
        np.testing.assert_array_equal(page.losses[kind].xData, np.arange(5))
        assert np.all(np.isfinite(page.losses[kind].yData))
    assert page.fit_plot.isVisible()
    run_page(qtbot, view, "features", seeds=3, width=8, dim=3, scale=3.0)
    assert not page.fit_plot.isVisible() and "d = 3" in view.note.text()


def test_showing_the_view_runs_its_experiment(qtbot, window, view):
    window.show_view("neural")
    view.refresh(0)
    qtbot.waitUntil(lambda: view.runner.completed, timeout=FINISH_MS)
    assert view.status.text().startswith("done")


def test_bad_settings_are_said_and_nothing_runs(qtbot, window, view):
    view.show_page("fit")
    settle(qtbot, view)
    view.page_named("fit").set_checked([])
    assert not view.run()
    assert "check at least one fit" in view.note.text()
    window.points.set_points(np.full(6, 2.0), np.arange(6.0))
    view.page_named("fit").set_checked(["solved-svd"])
    assert not view.run()
    assert "all 6 points have x = 2" in view.note.text()
    assert not view.busy


def test_a_new_run_cancels_the_old_one_and_drops_its_steps(qtbot, window, view):
    page = start_long_fit(qtbot, window, view, ["trained-adam"])
    run_page(qtbot, view, "fit", iterations=100)
    np.testing.assert_array_equal(page.tracks["trained-adam"].k, np.arange(101))


def test_cancel_in_the_middle_of_a_run_leaves_no_thread(qtbot, window, view):
    page = start_long_fit(qtbot, window, view, ["trained-adam", "hybrid"], hybrid_steps=5000)
    view.cancel_button.click()
    assert not view.busy and view.status.text().startswith("cancelled")
    qtbot.waitUntil(lambda: view.runner.live_threads == 0, timeout=FINISH_MS)
    assert len(page.tracks["trained-adam"].k) < 5001  # it stopped long before its 50 000 iterations


def test_shutdown_in_the_middle_of_a_run_waits_for_the_thread(qtbot, window, view):
    start_long_fit(qtbot, window, view, ["trained-adam"])
    window.shutdown()
    assert not running_threads()
    assert not view.run()  # a closing window starts no new work
