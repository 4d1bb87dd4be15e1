"""The classroom pictures of a scene, for `main.py screenshot`: the residual segments, squares and
sum-of-squares bars (with a distance), My line at given coefficients with the guesses kept before
it, and Reveal — set through the same Lab state and actions the keys use, so the picture is what a
lecturer gets by pressing them."""

from __future__ import annotations

from collections.abc import Sequence

from engine.errors import InputError

from ..data.residual_options import DISTANCES
from .scene import settle

#: --residuals words and the ResidualOptions toggle each one sets.
RESIDUAL_PICTURES = {"segments": "segments", "squares": "squares", "bars": "sum_bars"}


def check_residual_pictures(names: Sequence[str]) -> None:
    for name in names:
        if name not in RESIDUAL_PICTURES:
            raise InputError(f"--residuals {name!r}: unknown picture; choose from {', '.join(RESIDUAL_PICTURES)}")


def show_classroom(window, *, residuals: Sequence[str] = (), distance: str | None = None,
                   guesses: Sequence[Sequence[float]] = (), reveal: bool = False, focus: str | None = None) -> None:
    """Turn on the residual pictures; show My line at the last of `guesses`, the others kept
    first (Guess 1, Guess 2, ...); then Reveal if asked; the views explain `focus` (a checked
    solver's key). A guess with the wrong number of coefficients is an InputError naming them."""
    if focus is not None:
        window.set_focus_key(focus)
    check_residual_pictures(residuals)
    options = window.lab.residuals
    for name in residuals:
        options.set_shown(RESIDUAL_PICTURES[name], True)
    if distance is not None:
        if distance not in DISTANCES:
            raise InputError(f"--distance {distance!r}: choose from {', '.join(DISTANCES)}")
        options.set_distance(distance)
    if guesses:
        problem = window.lab.data_problem
        if problem is None:
            raise InputError("--guess: there are no points to guess a line for")
        names = ", ".join(problem.parameter_names)
        for theta in guesses:
            if len(theta) != problem.p:
                raise InputError(f"--guess {','.join(f'{v:g}' for v in theta)}: the model has {problem.p} "
                                 f"coefficients ({names}); give one number for each")
        for index, theta in enumerate(guesses):
            window.lab.guess.set_theta(theta)
            if index < len(guesses) - 1:
                window.lab.guess.keep()
    if reveal:
        window.lab.guess.set_revealed(True)
    settle()
