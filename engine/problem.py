"""`Problem`: the design matrix A, the target y, and what every solver shares.

A problem keeps the design in canonical order (intercept first, then increasing powers or
the feature columns in file order, as NIST writes them) and original units. Solvers work
on `matrix`, the same columns in the chosen basis order and scaling; `to_original` maps
their answer back, so results are always reported as [B0, B1, ...] in original units.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cached_property

import numpy as np

from .errors import InputError
from .gram_update import replace_row_caches
from .safe_norms import safe_column_norms

BASIS_ORDERS = ("ascending", "descending")
SCALINGS = ("none", "unit-norm", "standardize")
LOSSES = ("mean", "sum")
MAX_DEGREE = 15
EPS = float(np.finfo(float).eps)

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_label(j: int) -> str:
    """'1', 'x', 'x²', ... as a lecturer writes the columns of a polynomial basis."""
    return "1" if j == 0 else "x" if j == 1 else "x" + str(j).translate(_SUPERSCRIPTS)


def _finite_vector(values, what: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise InputError(f"{what} must be a list of numbers")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise InputError(f"{what} has a value that is not a finite number at position {bad[0] + 1}")
    return array


class Problem:
    """A linear least-squares problem min ‖Aθ − y‖ with its cached Gram quantities.

    Build one with `from_points` (a polynomial in x) or `from_table` (feature columns).
    """

    def __init__(self, design: np.ndarray, y: np.ndarray, *, column_labels: Sequence[str],
                 parameter_names: Sequence[str], intercept: bool, degree: int | None = None,
                 x: np.ndarray | None = None, features: np.ndarray | None = None,
                 basis_order: str = "ascending", scaling: str = "none", loss: str = "mean",
                 name: str = ""):
        if basis_order not in BASIS_ORDERS:
            raise InputError(f"basis order must be one of {', '.join(BASIS_ORDERS)}, got {basis_order!r}")
        if scaling not in SCALINGS:
            raise InputError(f"scaling must be one of {', '.join(SCALINGS)}, got {scaling!r}")
        if loss not in LOSSES:
            raise InputError(f"loss must be one of {', '.join(LOSSES)}, got {loss!r}")
        self.design = np.asarray(design, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.design.flags.writeable = False
        self.y.flags.writeable = False
        self.n, self.p = self.design.shape
        self.column_labels = tuple(column_labels)
        self.parameter_names = tuple(parameter_names)
        self.intercept = intercept
        self.degree = degree
        self.x = x
        self.features = features
        self.basis_order = basis_order
        self.scaling = scaling
        self.loss_kind = loss
        self.name = name
        #: The format the solvers compute in (engine/precision.py); the data are already rounded to it.
        self.precision = "float64"
        #: Equalities C θ = d and bounds (engine.constrained.LinearConstraints) for the constrained
        #: methods (kkt, nullspace, bvls); every other method fits freely and ignores them.
        self.constraints = None

    # ---- construction -------------------------------------------------------------
    @classmethod
    def from_points(cls, x, y, degree: int = 1, *, intercept: bool = True, **options) -> Problem:
        """A polynomial fit y ≈ B0 + B1·x + ... + Bd·x^d (B0 dropped without intercept)."""
        x = _finite_vector(x, "x")
        y = _finite_vector(y, "y")
        if x.shape != y.shape:
            raise InputError(f"x has {x.size} values but y has {y.size}")
        if x.size < 2:
            raise InputError(f"a fit needs at least two points, got {x.size}")
        if not (isinstance(degree, (int, np.integer)) and 0 <= degree <= MAX_DEGREE):
            raise InputError(f"degree must be an integer from 0 to {MAX_DEGREE}, got {degree!r}")
        if degree == 0 and not intercept:
            raise InputError("degree 0 without an intercept leaves no parameter to fit")
        powers = range(0 if intercept else 1, degree + 1)
        with np.errstate(over="ignore"):
            design = np.column_stack([x ** j for j in powers])
        if not np.all(np.isfinite(design)):
            i = int(np.flatnonzero(~np.all(np.isfinite(design), axis=1))[0])
            raise InputError(f"x = {x[i]:g} (point {i + 1}) is too large for degree {degree}: "
                             f"x^{degree} overflows floating point; rescale x or lower the degree")
        return cls(design, y, column_labels=[power_label(j) for j in powers],
                   parameter_names=[f"B{j}" for j in powers], intercept=intercept,
                   degree=int(degree), x=x, **options)

    @classmethod
    def from_table(cls, features, y, names: Sequence[str] | None = None, *,
                   intercept: bool = True, **options) -> Problem:
        """A linear model y ≈ B0 + B1·f1 + ... + Bk·fk on feature columns (file order)."""
        features = np.asarray(features, dtype=float)
        if features.ndim == 1:
            features = features[:, None]
        y = _finite_vector(y, "y")
        if features.shape[0] != y.size:
            raise InputError(f"the features have {features.shape[0]} rows but y has {y.size}")
        if not np.all(np.isfinite(features)):
            row, col = np.argwhere(~np.isfinite(features))[0]
            raise InputError(f"feature column {col + 1} has a value that is not a finite number in row {row + 1}")
        if y.size < 2:
            raise InputError(f"a fit needs at least two rows, got {y.size}")
        k = features.shape[1]
        names = list(names) if names is not None else [f"x{j + 1}" for j in range(k)]
        columns = ([np.ones(y.size)] if intercept else []) + [features[:, j] for j in range(k)]
        labels = (["1"] if intercept else []) + names
        params = (["B0"] if intercept else []) + [f"B{j + 1}" for j in range(k)]
        return cls(np.column_stack(columns), y, column_labels=labels, parameter_names=params,
                   intercept=intercept, features=features, **options)

    @classmethod
    def from_normal_equations(cls, matrix, rhs, **options) -> Problem:
        """The least-squares problem whose normal equations are the SPD system G θ = b.

        A = Lᵀ and y = L⁻¹b with G = LLᵀ (Cholesky), so AᵀA = G and Aᵀy = b; G and b
        themselves are kept as the cached Gram quantities, so the linear-system methods
        (cg, jacobi, gauss-seidel) work on exactly the numbers that were given.
        The loss defaults to ½·Σ, whose gradient Gθ − b is the residual of the system.
        """
        import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

        g = np.asarray(matrix, dtype=float)
        b = np.asarray(rhs, dtype=float)
        if g.ndim != 2 or g.shape[0] != g.shape[1] or g.shape[0] < 1:
            raise InputError(f"the system matrix must be square, got shape {g.shape}")
        if b.shape != (g.shape[0],):
            raise InputError(f"the right-hand side needs {g.shape[0]} numbers, got {b.size}")
        if not (np.all(np.isfinite(g)) and np.all(np.isfinite(b))):
            raise InputError("the system has a value that is not a finite number")
        if not np.allclose(g, g.T, rtol=0, atol=1e-12 * np.abs(g).max()):
            raise InputError("the system matrix must be symmetric (G = Gᵀ)")
        try:
            lower = np.linalg.cholesky(g)
        except np.linalg.LinAlgError:
            raise InputError("the system matrix must be positive definite (its Cholesky factorisation "
                             "failed)") from None
        y = scipy.linalg.solve_triangular(lower, b, lower=True)
        p = g.shape[0]
        names = [f"x{j + 1}" for j in range(p)]
        options.setdefault("loss", "sum")
        options.setdefault("name", "system")
        problem = cls(lower.T, y, column_labels=names, parameter_names=names, intercept=False,
                      features=lower.T, **options)
        if problem.scaling == "none" and problem.basis_order == "ascending":
            g = g.copy()
            b = b.copy()
            g.flags.writeable = False
            b.flags.writeable = False
            problem.__dict__.update(gram=g, aty=b)
        return problem

    def with_point_moved(self, index: int, x: float, y: float) -> Problem:
        """This points problem with point `index` moved to (x, y).

        The data arrays are copied (O(n·p), a memory copy); AᵀA, Aᵀy, yᵀy and, if it was computed,
        R are updated in O(p²) by engine.gram_update. Scaling "standardize" changes every row of the
        working matrix, so that problem, one with fewer rows than 2p, or an update that would cancel
        digits, is built from scratch instead (same answer).
        """
        if self.x is None or self.degree is None:
            raise ValueError("with_point_moved needs a problem made by Problem.from_points")
        if not (0 <= index < self.n):
            raise IndexError(f"point index {index} out of range 0..{self.n - 1}")
        new_x, new_y = np.array(self.x, dtype=float), np.array(self.y, dtype=float)
        new_x[index], new_y[index] = x, y
        options = {"basis_order": self.basis_order, "scaling": self.scaling, "loss": self.loss_kind,
                   "name": self.name}
        design = np.array(self.design)  # a copy; only the moved row is computed, as from_points does
        with np.errstate(over="ignore"):
            design[index] = np.array([float(x)]) ** np.arange(0 if self.intercept else 1, self.degree + 1)
        if self.scaling == "standardize" or self.n < 2 * self.p or not np.all(np.isfinite([x, y, *design[index]])):
            # x^d overflowing is said by from_points (InputError)
            return Problem.from_points(new_x, new_y, self.degree, intercept=self.intercept, **options)
        moved = Problem(design, new_y, column_labels=self.column_labels, parameter_names=self.parameter_names,
                        intercept=self.intercept, degree=self.degree, x=new_x, **options)
        shift, scale = self._shift_and_scale
        s = scale[self.order]
        old_row, new_row = self.design[index, self.order] / s, design[index, self.order] / s
        r = self.__dict__.get("_r_factor") if self.n >= self.p else None
        update = replace_row_caches(self.gram, self.aty, self.yty, r, old_row, float(self.y[index]), new_row,
                                    float(y), unit_norm=self.scaling == "unit-norm")
        if update is None:
            return moved  # nothing cached: its AᵀA, R, ... are computed afresh when asked for
        if update.ratio is not None:  # unit-norm columns: s'ⱼ = sⱼ / ratioⱼ
            new_scale = np.empty(self.p)
            new_scale[self.order] = s / update.ratio
            moved.__dict__["_shift_and_scale"] = (shift, new_scale)
        for array in (update.gram, update.aty):
            array.flags.writeable = False
        moved.__dict__.update(gram=update.gram, aty=update.aty, yty=update.yty)
        if update.r is not None:
            moved.__dict__["_r_factor"] = update.r
        return moved

    def with_constraints(self, constraints) -> Problem:
        """The same problem (sharing its caches) with these engine.constrained.LinearConstraints
        (None: without any)."""
        import copy

        if constraints is not None and constraints.p != self.p:
            raise InputError(f"the constraints are written for {constraints.p} parameters, the fit has {self.p} "
                             f"({', '.join(self.parameter_names)})")
        constrained = copy.copy(self)
        constrained.constraints = constraints
        return constrained

    def rounded_to(self, precision) -> Problem:
        """This problem with A and y rounded to `precision` (a name or a Precision), for a solver
        that computes in that format: "the same rounded data" every precision is measured on.

        Raises InputError, naming the column and row, when a value overflows the format.
        """
        from .precision import check_representable, get_precision

        target = get_precision(precision)
        if target.name == self.precision:
            return self
        for j, label in enumerate(self.column_labels):
            check_representable(self.design[:, j], target, f"column {label}")
        check_representable(self.y, target, "y")
        rounded = Problem(
            target.round(self.design), target.round(self.y), column_labels=self.column_labels,
            parameter_names=self.parameter_names, intercept=self.intercept, degree=self.degree,
            x=None if self.x is None else target.round(self.x),
            features=None if self.features is None else target.round(self.features),
            basis_order=self.basis_order, scaling=self.scaling, loss=self.loss_kind, name=self.name)
        rounded.precision = target.name
        return rounded

    # ---- the working matrix the solvers see ----------------------------------------
    @cached_property
    def order(self) -> np.ndarray:
        """Working column j is canonical column order[j] (the course notes write (x, 1): descending)."""
        index = np.arange(self.p)
        return index[::-1].copy() if self.basis_order == "descending" else index

    @cached_property
    def _shift_and_scale(self) -> tuple[np.ndarray, np.ndarray]:
        """Per canonical column: working = (design − shift) / scale."""
        shift = np.zeros(self.p)
        scale = np.ones(self.p)
        if self.scaling == "unit-norm":
            norms = np.linalg.norm(self.design, axis=0)
            scale = np.where(norms > 0, norms, 1.0)
        elif self.scaling == "standardize":
            constant = 0 if self.intercept else None
            for j in range(self.p):
                if j == constant:
                    continue
                column = self.design[:, j]
                spread = column.std()
                if self.intercept:
                    shift[j] = column.mean()
                else:
                    spread = np.sqrt(np.mean(column ** 2))
                scale[j] = spread if spread > 0 else 1.0
        return shift, scale

    @cached_property
    def matrix(self) -> np.ndarray:
        """The design as the solvers see it: basis order and column scaling applied."""
        if self._is_identity:
            return self.design
        shift, scale = self._shift_and_scale
        working = (self.design - shift) / scale
        working = np.asfortranarray(working[:, self.order])
        working.flags.writeable = False
        return working

    @property
    def working_labels(self) -> tuple[str, ...]:
        return tuple(self.column_labels[j] for j in self.order)

    @property
    def working_parameter_names(self) -> tuple[str, ...]:
        """The unknowns the solvers find, in working order: the parameters themselves (B0, B1, …),
        primed when the columns are scaled (B1′ = B1 times column 1's scale)."""
        prime = "" if self.scaling == "none" else "′"
        return tuple(self.parameter_names[j] + prime for j in self.order)

    @cached_property
    def _is_identity(self) -> bool:
        """True when the working matrix is the design itself (no reordering, no scaling)."""
        return self.scaling == "none" and self.basis_order == "ascending"

    def to_original(self, theta_working) -> np.ndarray:
        """Map a solution of the working matrix to [B0, B1, ...] in original units."""
        if self._is_identity:
            return np.array(theta_working, dtype=float)
        theta = np.empty(self.p)
        theta[self.order] = np.asarray(theta_working, dtype=float)
        shift, scale = self._shift_and_scale
        theta = theta / scale
        if self.intercept and np.any(shift):
            theta[0] -= float(shift @ theta)
        return theta

    def to_working(self, theta) -> np.ndarray:
        """The inverse of `to_original` (start points are given in original units)."""
        theta = np.asarray(theta, dtype=float).copy()
        shift, scale = self._shift_and_scale
        if self.intercept and np.any(shift):
            theta[0] += float(shift @ theta)
        return (theta * scale)[self.order]

    # ---- cached quantities -----------------------------------------------------------
    @cached_property
    def gram(self) -> np.ndarray:
        """AᵀA of the working matrix (one O(n·p²) pass, then every use is O(p²))."""
        a = self.matrix
        g = a.T @ a
        g = (g + g.T) / 2
        g.flags.writeable = False
        return g

    @cached_property
    def aty(self) -> np.ndarray:
        v = self.matrix.T @ self.y
        v.flags.writeable = False
        return v

    @cached_property
    def yty(self) -> float:
        return float(self.y @ self.y)

    @cached_property
    def column_norms(self) -> np.ndarray:
        """‖column j‖ of the design (canonical order), safe from overflow for entries near 1e±300:
        the weights that make an error in θ independent of each column's units."""
        norms = safe_column_norms(self.design)
        norms.flags.writeable = False
        return norms

    @cached_property
    def singular_values(self) -> np.ndarray:
        s = np.linalg.svd(self._r_factor, compute_uv=False)
        s.flags.writeable = False
        return s

    @property
    def cond(self) -> float:
        """κ(A) of the working matrix: digits at risk ≈ log10 κ for QR, twice that for AᵀA."""
        s = self.singular_values
        return float(s[0] / s[-1]) if s[-1] > 0 else float("inf")

    @property
    def cond_gram(self) -> float:
        """κ(AᵀA) = κ(A)², from the singular values of A (forming AᵀA would saturate at 1/ε)."""
        return self.cond ** 2

    @cached_property
    def cond_scaled(self) -> float:
        """κ of A with unit-length columns: what decides the digits lost (van der Sluis),
        since the method's error does not depend on the units of each column."""
        norms = safe_column_norms(self.matrix)
        if np.any(norms == 0):
            return float("inf")
        s = np.linalg.svd(self._r_factor / norms, compute_uv=False)
        return float(s[0] / s[-1]) if s[-1] > 0 else float("inf")

    @cached_property
    def _r_factor(self) -> np.ndarray:
        """R of A = QR (LAPACK), whose singular values are those of A: p × p work after one pass."""
        import scipy.linalg

        if self.n < self.p:
            return np.asarray(self.matrix)
        return scipy.linalg.qr(self.matrix, mode="r", check_finite=False)[0][: self.p]

    @property
    def rank_tolerance(self) -> float:
        return float(self.singular_values[0] * max(self.n, self.p) * EPS)

    @property
    def rank(self) -> int:
        """Numerical rank at the usual tolerance σmax·max(n, p)·ε (numpy's matrix_rank)."""
        return int(np.sum(self.singular_values > self.rank_tolerance))

    # ---- evaluating a candidate --------------------------------------------------------
    def residual(self, theta) -> np.ndarray:
        return self.y - self.design @ np.asarray(theta, dtype=float)

    @property
    def loss_scale(self) -> float:
        """The loss is loss_scale · ½‖r‖²: 1 for ½·Σr² (the course notes' hand work), 1/n for ½·mean(r²)."""
        return 1.0 if self.loss_kind == "sum" else 1.0 / self.n

    def loss(self, theta) -> float:
        """The loss of a candidate, from the rows (½·mean(r²) by default, ½·Σr² for loss="sum")."""
        r = self.residual(theta)
        return 0.5 * float(r @ r) * self.loss_scale

    def predict(self, theta, x) -> np.ndarray:
        """The fitted polynomial at x (points problems only), for drawing the curve."""
        if self.degree is None:
            raise ValueError("predict(x) needs a polynomial problem")
        powers = range(0 if self.intercept else 1, self.degree + 1)
        x = np.asarray(x, dtype=float)
        return sum(t * x ** j for t, j in zip(theta, powers))

    # ---- exact data for the rational solver ---------------------------------------------
    def exact_columns(self) -> tuple[list[list[Fraction]], list[Fraction]]:
        """The design (canonical order) and y as exact fractions of their decimal text.

        Each float becomes the shortest decimal that reads back as the same float, which is
        the text of the data file for data with at most 15 significant digits (all of NIST's).
        """
        y = [Fraction(repr(float(v))) for v in self.y]
        if self.x is not None:
            x = [Fraction(repr(float(v))) for v in self.x]
            powers = range(0 if self.intercept else 1, self.degree + 1)
            rows = [[xi ** j for j in powers] for xi in x]
        else:
            features = [[Fraction(repr(float(v))) for v in row] for row in self.features]
            rows = [([Fraction(1)] if self.intercept else []) + row for row in features]
        return rows, y

    def describe(self) -> dict:
        """A short summary for the CLI and the status bar."""
        return {"name": self.name, "n": self.n, "p": self.p, "degree": self.degree,
                "intercept": self.intercept, "columns": list(self.column_labels),
                "basis_order": self.basis_order, "scaling": self.scaling,
                "condition_number": self.cond, "rank": self.rank}
