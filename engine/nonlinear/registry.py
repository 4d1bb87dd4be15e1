"""The nonlinear solvers' own registry: the same SolverSpec and Hyperparameter as the linear lab's, so
the GUI's forms and the command line's --param come from these declarations too."""

from __future__ import annotations

from ..registry import Hyperparameter, Registry

#: Gauss-Newton, Levenberg-Marquardt and the first-order methods on the nonlinear loss; each solver
#: module adds itself on import (engine/nonlinear/__init__.py imports them all).
NONLINEAR_SOLVERS = Registry()


def max_iter(default: int) -> Hyperparameter:
    """The iteration budget; a run that uses it up ends as max_iter, never as converged."""
    return Hyperparameter("max_iter", "int", default,
                          "The most iterations before giving up (the run then says it did not reach a minimum).",
                          low=1, high=1_000_000, log_scale=True)
