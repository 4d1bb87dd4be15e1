"""Argument helpers shared by the commands (solve, screenshot, export, the window).

A leaf module: cli.main and cli.export_cmd both import from here, never from each other.
"""

from __future__ import annotations

from engine import SOLVERS, InputError
from engine.errors import brief

from .data_args import parse_points, problem_from_args


def parse_params(pairs: list[str]) -> dict[str, str]:
    """--param key=value pairs as a dict (values stay text; the registry parses them)."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {brief(pair)}: write it as key=value, e.g. --param rcond=1e-10")
        params[key.strip()] = value.strip()
    return params


def parse_start(text: str | None):
    """--start a,b,... as a list of numbers, or None when not given."""
    if text is None:
        return None
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise InputError(f"--start {brief(text)}: expected numbers separated by commas") from None


def parse_methods(text: str | None) -> list[str] | None:
    """--method m1,m2 as names the registry knows (an unknown one is an InputError)."""
    if not text:
        return None
    names = [m.strip() for m in text.split(",") if m.strip()]
    for name in names:
        SOLVERS.get(name)
    return names


def parse_size(text: str) -> tuple[int, int]:
    """--size WxH in pixels, each side from 200 to 8000."""
    width, sep, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        size = (0, 0)
    if not sep or min(size) < 200 or max(size) > 8000:
        raise InputError(f"--size {brief(text)}: expected WIDTHxHEIGHT between 200 and 8000, e.g. 1600x1000")
    return size


def window_data(args) -> dict:
    """The GUI's data arguments, checked the same way as the headless commands'."""
    problem, _ = problem_from_args(args)  # validates the data and the model before a window opens
    model = {"scaling": args.scaling, "basis_order": problem.basis_order}  # a data set may have its own
    if args.no_intercept:  # else the data's own (NIST's NoInt1 has none)
        model["intercept"] = False
    if args.loss:
        model["loss"] = args.loss
    if args.degree is not None:
        model["degree"] = args.degree
    data = {"file": args.file, "target": args.target, "features": args.features, "dataset": args.dataset,
            "model": model, "constraints": tuple(getattr(args, "constraint", None) or ())}
    if args.points:
        data["points"] = parse_points(args.points)
    return data


def params_by_method(methods: list[str], pairs: list[str]) -> dict[str, dict[str, str]]:
    """--param key=value goes to every solver of the race that has `key`; method.key=value to one."""
    by_method: dict[str, dict[str, str]] = {m: {} for m in methods}
    for key, value in parse_params(pairs).items():
        owner, dot, name = key.rpartition(".")
        if dot:
            if owner not in by_method:
                raise InputError(f"--param {key}={value}: {owner!r} is not one of the solvers raced "
                                 f"({', '.join(methods)})")
            by_method[owner][name] = value
            continue
        takers = [m for m in methods if any(h.name == key for h in SOLVERS.get(m).hyperparameters)]
        if not takers:
            raise InputError(f"--param {key}={value}: none of {', '.join(methods)} has a hyperparameter {key!r} "
                             "(see: main.py methods)")
        for method in takers:
            by_method[method][key] = value
    for method, params in by_method.items():
        SOLVERS.get(method).parse_params(params)  # a bad value is said before any file is opened
    return by_method
