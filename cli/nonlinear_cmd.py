"""`solve` and `compare` for a nonlinear model: `--dataset nist-misra1a`, or `--model` (a library
model's name or a typed formula) on any data; the methods come from the nonlinear registry.

    main.py solve --dataset nist-misra1a --method lm --start 500,0.0001 --json
    main.py solve data.csv --model "b1*(1-exp(-b2*x))" --method gauss-newton
"""

from __future__ import annotations

import argparse
import json
import math

import numpy as np

from engine.errors import InputError, brief, listing
from engine.nonlinear import (
    MODELS,
    NIST_NONLINEAR,
    NONLINEAR_SOLVERS,
    NonlinearProblem,
    compare_nonlinear,
    nist_problem,
    solve_nonlinear,
)
from engine.nonlinear.formula import parse_formula

from .arguments import parse_params, parse_start
from .exit_codes import EXIT_FAILED, EXIT_OK

#: The words `--start` takes for a NIST set's own starting values.
NIST_STARTS = {"start1": 1, "start2": 2}


def add_model_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="NAME|FORMULA",
                        help="a nonlinear model: one of " + ", ".join(MODELS) + ", or a formula in x and named "
                             "parameters, e.g. \"b1*(1-exp(-b2*x))\" (functions: exp log sqrt sin cos tan "
                             "arctan tanh abs; ^ or ** for powers); its methods: "
                             + ", ".join(spec.name for spec in NONLINEAR_SOLVERS))


def is_nonlinear(args: argparse.Namespace) -> bool:
    """True when the arguments ask for a nonlinear fit: a model, or a NIST nonlinear data set."""
    return bool(getattr(args, "model", None)) or (getattr(args, "dataset", None) or "") in NIST_NONLINEAR


def problem_from_args(args: argparse.Namespace, linear_problem_from_args) -> tuple[NonlinearProblem, list[str]]:
    """The nonlinear problem of the arguments and the notes on how it was set up (e.g. the start)."""
    notes: list[str] = []
    start_words = (args.start or "").strip().lower()
    if args.dataset in NIST_NONLINEAR:
        if args.model:
            raise InputError(f"--model: {args.dataset} has its own model (NIST's); give --model with a file, "
                             "--points or a linear data set")
        problem = nist_problem(args.dataset, NIST_STARTS.get(start_words, 1))
        if args.start and start_words not in NIST_STARTS:
            problem = problem.with_start(_numbers(args.start, problem))
        return problem, notes
    if start_words in NIST_STARTS:
        raise InputError(f"--start {args.start}: NIST's starting values exist only for the NIST nonlinear sets")
    if getattr(args, "degree", None) is not None:
        raise InputError("--degree is for polynomial fits; a nonlinear --model says its own form")
    linear, _ = linear_problem_from_args(args)
    template = MODELS.get(args.model.strip())
    formula = parse_formula(template.formula_text if template else args.model)
    x = linear.x if linear.x is not None else linear.features
    x = np.asarray(x, dtype=float)
    if len(formula.variables) == 1 and x.ndim == 2:
        if x.shape[1] != 1:
            raise InputError(f"--model {brief(args.model)} uses one variable x, but the data have {x.shape[1]} "
                             "predictor columns: choose one with --features, or write x1, x2, ... in the formula")
        x = x[:, 0]
    name = args.dataset or args.file or "points"
    if args.start:
        start = None
    elif template is not None:
        start = np.asarray(template.guess(x, linear.y), dtype=float)
        notes.append(f"started from {template.label}'s guess from the data: "
                     + ", ".join(f"{n} = {v:.6g}" for n, v in zip(formula.parameters, start)))
    else:
        start = np.ones(formula.p)
        notes.append("started from " + ", ".join(f"{n} = 1" for n in formula.parameters)
                     + " (no --start given): a nonlinear fit may end elsewhere from another start")
    problem = NonlinearProblem(formula, x, linear.y, start=start if start is not None else np.ones(formula.p),
                               name=str(name))
    if args.start:
        problem = problem.with_start(_numbers(args.start, problem))
    return problem, notes


def _numbers(text: str, problem: NonlinearProblem) -> np.ndarray:
    start = parse_start(text)
    if start is None or len(start) != problem.p:
        raise InputError(f"--start needs {problem.p} numbers ({', '.join(problem.parameter_names)}), "
                         f"got {brief(text)}")
    return np.asarray(start, dtype=float)


def result_object(problem: NonlinearProblem, result, notes: list[str]) -> dict:
    """One nonlinear answer as JSON: θ by name, the sum of squares, the certified digits (LRE)."""
    spec = NONLINEAR_SOLVERS.get(result.method) if result.method in NONLINEAR_SOLVERS else None
    diagnostics = dict(result.diagnostics)
    theta = None if result.theta is None else [float(v) for v in result.theta]
    obj = {
        "method": result.method, "label": spec.label if spec else result.method,
        "status": result.status, "ok": result.ok, "message": result.message,
        "dataset": problem.name, "model": problem.formula.text, "parameters": list(problem.parameter_names),
        "start": [float(v) for v in problem.start], "theta": theta,
        "iterations": result.iterations, "elapsed_s": result.elapsed_s,
        "rss": _number(diagnostics.get("rss")), "loss": _number(result.loss),
        "gradient_norm": _number(diagnostics.get("gradient_norm")),
        "lre": _number(diagnostics.get("lre")),
        "lre_each": [_number(v) for v in diagnostics.get("lre_each", [])] or None,
        "warnings": list(result.warnings) + notes,
    }
    if problem.certified is not None:
        obj["certified"] = [float(v) for v in problem.certified.values]
        obj["certified_rss"] = float(problem.certified.rss)
    return obj


def _number(value):
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def cmd_solve_nonlinear(args, linear_problem_from_args) -> int:
    if args.precision is not None and args.precision != "float64":
        raise InputError("--precision: the nonlinear methods compute in float64 only")
    problem, notes = problem_from_args(args, linear_problem_from_args)
    method = args.method.strip()
    if method not in NONLINEAR_SOLVERS:
        raise InputError(f"{brief(method)} is not a nonlinear method; for a nonlinear model use one of "
                         f"{listing(spec.name for spec in NONLINEAR_SOLVERS)}")
    result = solve_nonlinear(problem, method, start=problem.start, **parse_params(args.param))
    obj = result_object(problem, result, notes)
    if args.json:
        print(json.dumps(obj, ensure_ascii=False))
    else:
        print(problem_line(problem))
        print(result_text(obj))
    return EXIT_OK if result.ok else EXIT_FAILED


def cmd_compare_nonlinear(args, linear_problem_from_args) -> int:
    problem, notes = problem_from_args(args, linear_problem_from_args)
    names = [spec.name for spec in NONLINEAR_SOLVERS] if args.methods == "all" else \
        [m.strip() for m in args.methods.split(",") if m.strip()]
    for name in names:
        NONLINEAR_SOLVERS.get(name)
    results = compare_nonlinear(problem, names, start=problem.start)
    rows = mark_local_minima([result_object(problem, r, notes) for r in results])
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    print(problem_line(problem))
    for note in notes:
        print(f"note: {note}")
    print(f"{'method':<14} {'status':<10} {'iter':>6} {'RSS':>14} {'LRE':>5}  message")
    for row in rows:
        lre = "—" if row["lre"] is None else f"{max(row['lre'], 0.0):.1f}"  # no correct digit is 0, as NIST says
        rss = "—" if row["rss"] is None else f"{row['rss']:.8g}"
        status = "local min" if row.get("local_minimum") else row["status"]
        print(f"{row['method']:<14} {status:<10} {row['iterations']:>6} {rss:>14} {lre:>5}  {row['message']}")
    return EXIT_OK


#: A converged answer is a local minimum when another method's sum of squares is lower by this (relative).
LOWER_BY = 1e-6


def mark_local_minima(rows: list[dict]) -> list[dict]:
    """Without a certificate "converged" means a minimum from that start; when another method of the race
    converged to a clearly lower sum of squares, the answer is called a local minimum ("local_minimum"
    in JSON, and said first in the message), as the window's table does."""
    converged = [row for row in rows if row["status"] == "converged" and row["rss"] is not None]
    if not converged:
        return rows
    best = min(converged, key=lambda row: row["rss"])
    for row in converged:
        row["local_minimum"] = row["rss"] > best["rss"] * (1 + LOWER_BY)
        if row["local_minimum"]:
            where = ", ".join(f"{n} = {v:.6g}" for n, v in zip(best["parameters"], best["theta"]))
            row["message"] = (f"A local minimum: {best['label']} found a lower sum of squares, {best['rss']:.6g}, "
                              f"at {where}. {row['message']}")
    return rows


def problem_line(problem: NonlinearProblem) -> str:
    start = ", ".join(f"{n} = {v:.6g}" for n, v in zip(problem.parameter_names, problem.start))
    return f"{problem.label or problem.name}: y = {problem.formula}, n = {problem.n}, from {start}"


def result_text(obj: dict) -> str:
    lines = [f"{obj['label']}: {obj['status']} after {obj['iterations']} iterations"]
    if obj["theta"] is not None:
        certified = obj.get("certified")
        for j, (name, value) in enumerate(zip(obj["parameters"], obj["theta"])):
            line = f"  {name} = {value:.12g}"
            if certified is not None:
                line += f"   (certified {certified[j]:.11g})"
            lines.append(line)
    if obj["rss"] is not None:
        certified_rss = f"   (certified {obj['certified_rss']:.11g})" if "certified_rss" in obj else ""
        lines.append(f"  residual sum of squares {obj['rss']:.12g}{certified_rss}")
    if obj["lre"] is not None:
        lines.append(f"  certified digits (LRE, the least over the parameters): {max(obj['lre'], 0.0):.1f}")
    if obj["message"]:
        lines.append(f"  {obj['message']}")
    lines += [f"  note: {w}" for w in obj["warnings"]]
    return "\n".join(lines)


def nonlinear_methods_lines() -> list[str]:
    """The nonlinear registry as `main.py methods` lists it."""
    lines = ["Nonlinear least squares (with --model or a NIST nonlinear data set):"]
    for spec in NONLINEAR_SOLVERS:
        lines.append(f"  {spec.name:<16} {spec.label}")
        lines += [f"      --param {h.name}=<{h.kind}>  default {h.default}: {h.help}" for h in spec.hyperparameters]
    return lines


def nonlinear_dataset_objects() -> list[dict]:
    """The NIST nonlinear sets as `main.py datasets` lists them (name, n, title)."""
    objects = []
    for key in NIST_NONLINEAR:
        problem = nist_problem(key, 1)
        objects.append({"name": key, "n": problem.n, "title": f"NIST nonlinear: y = {problem.formula}",
                        "group": "NIST StRD nonlinear", "model": "nonlinear"})
    return objects


def refuse_nonlinear_method(method: str) -> None:
    """A nonlinear method asked for on a linear fit: say what it needs."""
    from engine import SOLVERS
    if method in NONLINEAR_SOLVERS and method not in SOLVERS:
        raise InputError(f"{method} fits a nonlinear model: give --model NAME|FORMULA, or a NIST nonlinear data "
                         "set (main.py datasets)")
