"""The registry: every solver with its label, family and declared hyperparameters.

The GUI builds its forms and the CLI validates `--param` from these declarations, so a
solver added here appears everywhere with no other code (glue's fitters, STYLE.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .errors import InputError, brief, listing

if TYPE_CHECKING:
    from .steps import Result, Step

SolverRun = Callable[..., Generator["Step", None, "Result"]]


@dataclass(frozen=True)
class Hyperparameter:
    """One declared option of a solver: its type, default, range and help text.

    `kind` is "float", "int", "bool", "choice" or "float-or-auto" (a number, or the word
    `auto` meaning "derive it from the problem").
    """

    name: str
    kind: str
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    log_scale: bool = False
    choices: tuple[str, ...] = ()
    #: A setting a lecturer sweeps while the class watches (LM's μ): the GUI adds a slider over
    #: [low, high] on a log scale beside its field.
    slider: bool = False

    def parse(self, raw: Any, *, method: str) -> Any:
        """Turn a value (text from the command line, or a number) into a checked value."""
        where = f"{self.name} of {method}"
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise InputError(f"{where}: expected true or false, got {brief(raw)}")
        if self.kind == "choice":
            if str(raw) in self.choices:
                return str(raw)
            raise InputError(f"{where}: expected one of {', '.join(self.choices)}, got {brief(raw)}")
        if self.kind == "float-or-auto" and str(raw).strip().lower() == "auto":
            return "auto"
        try:
            value = int(str(raw)) if self.kind == "int" else float(raw)
        except (TypeError, ValueError):
            kind = "an integer" if self.kind == "int" else "a number"
            raise InputError(f"{where}: expected {kind}, got {brief(raw)}") from None
        if not math.isfinite(value):
            raise InputError(f"{where}: must be a finite number, got {brief(raw)}")
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            low = "−∞" if self.low is None else f"{self.low:g}"
            high = "∞" if self.high is None else f"{self.high:g}"
            raise InputError(f"{where}: {value:g} is outside the range [{low}, {high}]")
        return value

    def describe(self) -> dict[str, Any]:
        """The declaration as plain data (for `methods --json` and the GUI)."""
        return {
            "name": self.name, "type": self.kind, "default": self.default, "help": self.help,
            "low": self.low, "high": self.high, "log_scale": self.log_scale,
            "choices": list(self.choices), "slider": self.slider,
        }


@dataclass(frozen=True)
class SolverSpec:
    """A solver as the GUI and CLI see it.

    `run(problem, **params)` is a generator of `Step` records that returns a `Result`.
    `kappa_exponent` says how the method's accuracy depends on κ(A): about
    16 − exponent·log10 κ(A) correct digits (1 for orthogonal methods, 2 for methods that
    form AᵀA or lose orthogonality like classical Gram-Schmidt). `scale_invariant` methods
    (QR, Cholesky) do not care about the units of each column, so κ of the column-scaled
    matrix decides; the SVD does care, so κ of A itself decides.
    """

    name: str
    label: str
    family: str
    summary: str
    run: SolverRun
    hyperparameters: tuple[Hyperparameter, ...] = ()
    kappa_exponent: int = 1
    scale_invariant: bool = True
    direct: bool = True
    #: The formats the method can compute in (engine/precision.py). With more than one, the registry
    #: gives it a `precision` hyperparameter; `iterate` rounds the data and sets problem.precision.
    precisions: tuple[str, ...] = ("float64",)

    def defaults(self) -> dict[str, Any]:
        return {h.name: h.default for h in self.hyperparameters}

    def parse_params(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Defaults overridden by `raw`; unknown names and bad values raise InputError."""
        known = {h.name: h for h in self.hyperparameters}
        params = self.defaults()
        for key, value in raw.items():
            if key == "precision" and key not in known:
                raise InputError(f"{self.name} computes in float64 only: it has no precision setting "
                                 f"(methods with one: main.py methods)")
            if key not in known:
                names = ", ".join(known) or "none"
                raise InputError(f"{self.name} has no hyperparameter {brief(key)} (it takes: {names})")
            params[key] = known[key].parse(value, method=self.name)
        return params

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name, "label": self.label, "family": self.family,
            "summary": self.summary, "direct": self.direct,
            "hyperparameters": [h.describe() for h in self.hyperparameters],
        }


def precision_hyperparameter(choices: tuple[str, ...]) -> Hyperparameter:
    """The `precision` option every method that can compute in lower precision gets."""
    return Hyperparameter(
        "precision", "choice", "float64",
        "The floating-point format the method computes in: float64 keeps about 16 digits, float32 7, "
        "float16 3.3 and bfloat16 2.4. The data are rounded to it first.", choices=choices)


@dataclass
class Registry:
    """Solvers by canonical name, in the order they were registered."""

    solvers: dict[str, SolverSpec] = field(default_factory=dict)

    def add(self, spec: SolverSpec) -> SolverSpec:
        if spec.name in self.solvers:
            raise ValueError(f"solver {spec.name!r} registered twice")
        if len(spec.precisions) > 1 and "precision" not in {h.name for h in spec.hyperparameters}:
            spec = replace(spec, hyperparameters=(*spec.hyperparameters, precision_hyperparameter(spec.precisions)))
        self.solvers[spec.name] = spec
        return spec

    def get(self, name: str) -> SolverSpec:
        try:
            return self.solvers[name]
        except KeyError:
            raise InputError(
                f"unknown method {brief(name)}; known methods: {listing(self.solvers, 100)} "
                "(main.py methods lists them)"
            ) from None

    def families(self) -> dict[str, list[SolverSpec]]:
        grouped: dict[str, list[SolverSpec]] = {}
        for spec in self.solvers.values():
            grouped.setdefault(spec.family, []).append(spec)
        return grouped

    def __iter__(self):
        return iter(self.solvers.values())

    def __contains__(self, name: object) -> bool:
        return name in self.solvers

    def __len__(self) -> int:
        return len(self.solvers)


#: The one registry of the engine; solver modules add themselves on import.
SOLVERS = Registry()
