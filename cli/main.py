"""The command line of Least Squares Lab (the contract is in DESIGN.md).

    python main.py [FILE] [--dataset NAME] [--method M,...]     the window
    python main.py solve | compare | methods | datasets | bench  headless use

Exit codes: 0 a result, 3 the solver failed or diverged, 2 bad input (one line on stderr,
naming the file, line and problem), 1 a bug.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback

from engine import REFERENCE, SOLVERS, InputError, compare, solve
from engine.datasets import DATASETS
from engine.trace import Trace

from . import report
from .data_args import add_data_arguments, problem_from_args

EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT, EXIT_FAILED = 0, 1, 2, 3
#: --trace keeps every step of runs up to this length; longer runs are thinned evenly (engine.trace).
TRACE_CAPACITY = 100_000
COMMANDS = ("solve", "compare", "methods", "datasets", "bench")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one InputError line instead of usage + exit."""

    def error(self, message: str):
        raise InputError(f"{self.prog}: {message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description="Least Squares Lab: least-squares solvers, side by side.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    solve_cmd = commands.add_parser("solve", help="run one method and print its answer")
    add_data_arguments(solve_cmd)
    solve_cmd.add_argument("--method", required=True, metavar="M", help="a method name (see: main.py methods)")
    solve_cmd.add_argument("--start", metavar="a,b,...", help="start point of an iterative method")
    solve_cmd.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                           help="a hyperparameter (repeatable)")
    solve_cmd.add_argument("--trace", action="store_true", help="also print every step")
    solve_cmd.add_argument("--json", action="store_true", help="print one JSON object")

    compare_cmd = commands.add_parser("compare", help="race several methods on the same data")
    add_data_arguments(compare_cmd)
    compare_cmd.add_argument("--methods", default="all", metavar="all|m1,m2,...")
    compare_cmd.add_argument("--json", action="store_true", help="print a JSON list")

    methods_cmd = commands.add_parser("methods", help="the registry: solvers and hyperparameters")
    methods_cmd.add_argument("--json", action="store_true")
    datasets_cmd = commands.add_parser("datasets", help="the built-in data sets")
    datasets_cmd.add_argument("--json", action="store_true")

    bench_cmd = commands.add_parser("bench", help="the performance suite (ratios to baselines)")
    bench_cmd.add_argument("--json", action="store_true")
    bench_cmd.add_argument("--quick", action="store_true", help="fewer repeats")
    return parser


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {pair!r}: write it as key=value, e.g. --param rcond=1e-10")
        params[key.strip()] = value.strip()
    return params


def _start(text: str | None):
    if text is None:
        return None
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise InputError(f"--start {text!r}: expected numbers separated by commas") from None


def _dataset_extras(dataset) -> dict:
    if dataset is None:
        return {}
    return {"true_theta": dataset.true_theta, "certified": dataset.certified}


def cmd_solve(args) -> int:
    problem, dataset = problem_from_args(args)
    steps_seen = Trace(capacity=TRACE_CAPACITY)
    result = solve(problem, args.method, start=_start(args.start), **_params(args.param),
                   on_step=steps_seen.append if args.trace else None)
    obj = report.result_object(problem, result, **_dataset_extras(dataset))
    if args.trace:
        obj["trace"] = report.trace_objects(steps_seen)
        obj["steps"] = report.board_objects(steps_seen)
    if args.json:
        print(json.dumps(obj, ensure_ascii=False))
    else:
        print(report.problem_line(problem))
        if args.trace:
            for step in steps_seen:
                print(f"  [{step.k}] {step.title}")
        print(report.result_text(problem, obj))
    return EXIT_OK if result.ok else EXIT_FAILED


def cmd_compare(args) -> int:
    problem, dataset = problem_from_args(args)
    names = [s.name for s in SOLVERS if s.family != "Analysis"] if args.methods == "all" else \
        [m.strip() for m in args.methods.split(",") if m.strip()]
    names = [n for n in names if n != REFERENCE]
    results, reference = compare(problem, names)
    extras = _dataset_extras(dataset)
    rows = [report.result_object(problem, r, **extras) for r in results]
    rows.append({**report.result_object(problem, reference, **extras), "reference": True})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        print(report.problem_line(problem))
        print(report.compare_table(rows))
    return EXIT_OK


def cmd_methods(args) -> int:
    if args.json:
        print(json.dumps([spec.describe() for spec in SOLVERS], ensure_ascii=False))
        return EXIT_OK
    for family, specs in SOLVERS.families().items():
        print(f"{family}:")
        for spec in specs:
            print(f"  {spec.name:<16} {spec.label}")
            for h in spec.hyperparameters:
                print(f"      --param {h.name}=<{h.kind}>  default {h.default}: {h.help}")
    return EXIT_OK


def cmd_datasets(args) -> int:
    described = [d.describe() for d in DATASETS.values()]
    if args.json:
        print(json.dumps(described, ensure_ascii=False))
        return EXIT_OK
    for d in described:
        print(f"  {d['name']:<16} n = {d['n']:<5} {d['title']}")
    return EXIT_OK


def cmd_bench(args) -> int:
    from .bench import run_bench
    return run_bench(as_json=args.json, quick=args.quick)


def cmd_window(argv: list[str]) -> int:
    print("The desktop window is not built yet (it is the next milestone). Meanwhile try:\n"
          "  python main.py solve --dataset seed-2pt --method householder --trace\n"
          "  python main.py compare --dataset nist-filip")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
            return cmd_window(argv)
        args = build_parser().parse_args(argv)
        handler = {"solve": cmd_solve, "compare": cmd_compare, "methods": cmd_methods,
                   "datasets": cmd_datasets, "bench": cmd_bench}[args.command]
        return handler(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `main.py solve ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug: say so in one line unless asked for the traceback
        if os.environ.get("LSQLAB_DEBUG"):
            traceback.print_exc()
        else:
            print(f"internal error (a bug, please report it): {error!r}; "
                  "set LSQLAB_DEBUG=1 to see the traceback", file=sys.stderr)
        return EXIT_BUG
