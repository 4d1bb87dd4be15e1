"""The data arguments every command shares: FILE | --dataset NAME | --points, and the model."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np

from engine.certified import CertifiedModel, model_words
from engine.datasets import DataSet, get_dataset
from engine.errors import InputError, brief
from engine.file_model import read_file_model
from engine.problem import BASIS_ORDERS, LOSSES, SCALINGS, Problem

from .constraint_args import add_constraint_argument, with_constraint_args


def add_data_arguments(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    source = parser.add_argument_group("data (one of)")
    source.add_argument("file", nargs="?", help="a CSV file (or a NIST StRD .dat file)")
    source.add_argument("--dataset", metavar="NAME", help="a built-in data set (see: main.py datasets)")
    source.add_argument("--points", metavar='"x,y;x,y;..."', help="points typed in, e.g. \"1,3;2,5\"")
    source.add_argument("--system", metavar='"G=b"',
                        help="a symmetric positive definite system G θ = b for the linear-system methods, "
                             "e.g. \"4,1;1,3=1,2\"")
    model = parser.add_argument_group("model")
    model.add_argument("--degree", type=int, metavar="D",
                       help="polynomial degree 0-15 (default: the data set's, else 1)")
    model.add_argument("--no-intercept", action="store_true", help="fit without the constant term B0")
    model.add_argument("--target", metavar="COL", help="the column to predict (name or 1-based number)")
    model.add_argument("--features", metavar="COL,...", help="the predictor columns (names or numbers)")
    model.add_argument("--scaling", choices=SCALINGS, default="none",
                       help="scale the columns before solving; results stay in original units")
    model.add_argument("--basis-order", choices=BASIS_ORDERS, default=None,
                       help="column order: ascending (1, x, x², NIST; the default) or descending (x, 1: numpy.polyfit "
                            "and the course notes' two-point example, which seed-2pt uses by default)")
    model.add_argument("--loss", choices=LOSSES, default=None,
                       help="½·mean of squared residuals (default; ½·sum for --system) or ½·sum "
                            "(the course notes' hand calculations)")
    add_constraint_argument(model)
    parser.set_defaults(_data_required=required)


def parse_points(text: str) -> tuple[list[float], list[float]]:
    """'1,3;2,5' → ([1, 2], [3, 5]), with a message naming the bad pair."""
    xs, ys = [], []
    pairs = [p for p in text.replace("\n", ";").split(";") if p.strip()]
    for number, pair in enumerate(pairs, start=1):
        fields = [f.strip() for f in pair.replace(" ", ",").split(",") if f.strip()]
        if len(fields) != 2:
            raise InputError(f"--points, pair {number}: expected 'x,y', got {brief(pair.strip())}")
        try:
            x, y = float(fields[0]), float(fields[1])
        except ValueError:
            raise InputError(f"--points, pair {number}: {brief(pair.strip())} is not two numbers") from None
        xs.append(x)
        ys.append(y)
    if not xs:
        raise InputError("--points: no points given; write them as \"x,y;x,y;...\"")
    return xs, ys


def parse_system(text: str) -> tuple[list[list[float]], list[float]]:
    """'4,1;1,3=1,2' → ([[4, 1], [1, 3]], [1, 2])."""
    matrix_text, sep, rhs_text = text.partition("=")
    if not sep:
        raise InputError("--system: write it as \"G=b\", rows of G separated by ';', e.g. \"4,1;1,3=1,2\"")

    def numbers(part: str, what: str) -> list[float]:
        try:
            return [float(v) for v in part.replace(" ", ",").split(",") if v.strip()]
        except ValueError:
            raise InputError(f"--system: {what} {brief(part.strip())} is not a list of numbers") from None
    rows = [numbers(row, f"row {i}") for i, row in enumerate(matrix_text.split(";"), start=1) if row.strip()]
    if any(len(row) != len(rows) for row in rows):
        raise InputError(f"--system: G must be square; its rows have {brief([len(r) for r in rows])} numbers")
    return rows, numbers(rhs_text, "right-hand side")


@dataclass(frozen=True)
class Known:
    """What the data come with besides the points, kept only where it describes the model fitted:
    a generated set's true θ and NIST's certified values belong to one model, and a fit of
    another degree or without the intercept is told so (`notes`) instead of being scored."""

    true_theta: np.ndarray | None = None
    certified: tuple[str, ...] | None = None
    notes: tuple[str, ...] = ()


def _known_of_dataset(dataset: DataSet, problem: Problem) -> Known:
    if dataset.certified_model is not None:
        return _known_of_certified(dataset.certified_model, problem)
    if dataset.true_theta is None or dataset.is_own_model(problem):
        return Known(true_theta=dataset.true_theta)
    return Known(notes=(f"{dataset.name} was generated from {model_words(dataset.problem())}; this fit is "
                        f"{model_words(problem)}, so it is not compared with the true θ",))


def _known_of_certified(model: CertifiedModel, problem: Problem) -> Known:
    values = model.values_for(problem)
    return Known(certified=values) if values is not None else Known(notes=(model.note(problem),))


def problem_from_args(args: argparse.Namespace) -> tuple[Problem, Known]:
    """Build the Problem the arguments describe (with its --constraint texts), and what is known about
    it (true θ, NIST's values)."""
    problem, known = _unconstrained_problem(args)
    return with_constraint_args(problem, args), known


def _unconstrained_problem(args: argparse.Namespace) -> tuple[Problem, Known]:
    given = [name for name, value in (("FILE", args.file), ("--dataset", args.dataset),
                                      ("--points", args.points), ("--system", args.system)) if value]
    if len(given) != 1:
        raise InputError("give the data as exactly one of FILE, --dataset NAME, --points \"x,y;...\" "
                         "or --system \"G=b\"" + (f" (got {' and '.join(given)})" if given else ""))
    if args.degree is not None and not 0 <= args.degree <= 15:
        raise InputError(f"--degree must be from 0 to 15, got {args.degree}")
    loss = args.loss or ("sum" if args.system else "mean")
    options = {"scaling": args.scaling, "basis_order": args.basis_order or "ascending", "loss": loss}
    intercept = not args.no_intercept
    if args.dataset:
        dataset = get_dataset(args.dataset)
        if args.target or args.features:
            raise InputError("--target and --features apply to files; a built-in data set has its own model")
        if args.basis_order is None:
            del options["basis_order"]  # the data set's own order
        problem = dataset.problem(degree=args.degree, intercept=False if args.no_intercept else None,
                                  **options)
        return problem, _known_of_dataset(dataset, problem)
    if args.system:
        matrix, rhs = parse_system(args.system)
        return Problem.from_normal_equations(matrix, rhs, **options), Known()
    if args.points:
        x, y = parse_points(args.points)
        degree = 1 if args.degree is None else args.degree
        return Problem.from_points(x, y, degree, intercept=intercept, name="points", **options), Known()
    model = read_file_model(args.file, target=args.target, features=args.features, degree=args.degree,
                            intercept=False if args.no_intercept else None)
    if model.session is not None:  # a session's own model, unless the command line says otherwise
        problem = model.problem(loss=args.loss, scaling=None if args.scaling == "none" else args.scaling,
                                basis_order=args.basis_order)
        return problem, Known()
    problem = model.problem(**options)
    return problem, Known() if model.certified is None else _known_of_certified(model.certified, problem)
