"""The command line of Least Squares Lab (the contract is in DESIGN.md).

    python main.py [FILE] [--dataset NAME] [--method M,...]     the window
    python main.py solve | compare | methods | datasets | bench  headless use

Exit codes: 0 a result, 3 the solver failed or diverged, 2 bad input (one line on stderr,
naming the file, line and problem), 1 a bug.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import traceback
from dataclasses import replace

from engine import REFERENCE, SOLVERS, InputError, compare, solve
from engine.datasets import DATASETS, get_dataset
from engine.errors import ComputationError, brief, clip_line
from engine.precision import PRECISION_NAMES
from engine.run import methods_in_precision
from engine.trace import Trace
from engine.trace_io import trace_objects

from . import report
from .arguments import params_by_method, parse_methods, parse_params, parse_size, parse_start, window_data
from .data_args import Known, add_data_arguments, problem_from_args
from .exit_codes import EXIT_BAD_INPUT, EXIT_BUG, EXIT_FAILED, EXIT_OK
from .export_cmd import add_export_parser, cmd_export
from .neural_cmd import add_neural_parser, cmd_neural
from .trace_text import board_lines, print_board

#: --trace keeps every step of runs up to this length; longer runs are thinned evenly (engine.trace).
TRACE_CAPACITY = 100_000
COMMANDS = ("solve", "compare", "methods", "datasets", "bench", "screenshot", "export", "neural")
#: Options whose value is a list of numbers, which may begin with a minus sign ("-1,1;0,0").
NUMBER_LIST_OPTIONS = ("--points", "--start", "--system")
_NEGATIVE_STARTS = tuple(f"-{c}" for c in "0123456789.")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one InputError line instead of usage + exit."""

    def error(self, message: str):
        raise InputError(f"{self.prog}: {message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    from .nonlinear_cmd import add_model_argument  # here: the window's start-up never imports the nonlinear engine
    parser = _Parser(prog="main.py", description="Least Squares Lab: least-squares solvers, side by side.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    solve_cmd = commands.add_parser("solve", help="run one method and print its answer")
    add_data_arguments(solve_cmd)
    solve_cmd.add_argument("--method", required=True, metavar="M", help="a method name (see: main.py methods)")
    solve_cmd.add_argument("--start", metavar="a,b,...", help="start point of an iterative method")
    solve_cmd.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                           help="a hyperparameter (repeatable)")
    solve_cmd.add_argument("--trace", action="store_true",
                           help="also print the hand calculation (the board's steps; with --json: 'board')")
    solve_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    solve_cmd.add_argument("--precision", choices=PRECISION_NAMES, metavar="P",
                           help="compute in this floating-point format: " + ", ".join(PRECISION_NAMES)
                                + " (the data are rounded to it first; default float64)")
    solve_cmd.add_argument("--statistics", action="store_true",
                           help="require r², standard errors and s: exit 3 with the reason where they are not "
                                "defined (n ≤ p)")
    add_model_argument(solve_cmd)

    compare_cmd = commands.add_parser("compare", help="race several methods on the same data")
    add_data_arguments(compare_cmd)
    compare_cmd.add_argument("--methods", default="all", metavar="all|m1,m2,...")
    compare_cmd.add_argument("--json", action="store_true", help="print a JSON list")
    compare_cmd.add_argument("--precision", choices=PRECISION_NAMES, default="float64", metavar="P",
                             help="every method computes in this format (" + ", ".join(PRECISION_NAMES)
                                  + "); the reference is lstsq in float64 on the same rounded data")
    compare_cmd.add_argument("--start", metavar="a,b,...", help="start point of a nonlinear fit (with --model)")
    add_model_argument(compare_cmd)

    methods_cmd = commands.add_parser("methods", help="the registry: solvers and hyperparameters")
    methods_cmd.add_argument("--json", action="store_true")
    datasets_cmd = commands.add_parser("datasets", help="the built-in data sets")
    datasets_cmd.add_argument("--json", action="store_true")

    shot_cmd = commands.add_parser("screenshot", help="render the window off screen and save a PNG")
    shot_cmd.add_argument("out", metavar="OUT.png")
    add_data_arguments(shot_cmd)
    shot_cmd.add_argument("--method", "--methods", metavar="M[,M...]", help="solvers to run, comma-separated")
    shot_cmd.add_argument("--start", metavar="a,b,...", help="start point of the iterative methods")
    shot_cmd.add_argument("--param", action="append", default=[], metavar="[METHOD.]KEY=VALUE",
                          help="a hyperparameter for every solver that has it, or for one (gd.lr=1); repeatable")
    shot_cmd.add_argument("--size", default="1600x1000", metavar="WxH", help="window size in pixels")
    shot_cmd.add_argument("--steps", type=int, metavar="N", help="show step N (default: the last)")
    from gui.views import VIEW_NAMES  # names only: no Qt is imported for the parser
    shot_cmd.add_argument("--view", metavar="NAME", help="this view in front, large: " + ", ".join(VIEW_NAMES))
    shot_cmd.add_argument("--presentation", type=float, nargs="?", const=2.0, metavar="SCALE",
                          help="in presentation mode (F5), fonts and lines SCALE times larger (1.5 to 2.5; default 2)")
    shot_cmd.add_argument("--theme", choices=("light", "dark"), help="the light or the dark theme")
    shot_cmd.add_argument("--layout", choices=("canvas-and-view", "one-view"),
                          help="a presenter layout (F6, F7) with the --view (default: the view in front)")
    shot_cmd.add_argument("--residuals", metavar="WHAT[,WHAT...]",
                          help="residual pictures on the canvas: segments, squares, bars")
    shot_cmd.add_argument("--distance", choices=("vertical", "perpendicular", "absolute"),
                          help="the distance the residual pictures measure (default vertical)")
    shot_cmd.add_argument("--guess", action="append", default=[], metavar="B0,B1,...",
                          help="My line at these coefficients; repeat it to keep the earlier ones as guesses")
    shot_cmd.add_argument("--reveal", action="store_true", help="reveal the least-squares line beside the guesses")
    shot_cmd.add_argument("--focus", metavar="M", help="the solver the views explain (default: the first of --method)")
    shot_cmd.add_argument("--nonlinear", metavar="KEY", help="the nonlinear fit window on a NIST nonlinear problem "
                          "(nist-misra1a, …; from its start 1), racing --method (default gauss-newton,lm)")
    shot_cmd.add_argument("--nonlinear-view", metavar="VIEW", help="with --nonlinear or --model: this view beside "
                          "the fit (surface, basin, log-linear, board, geometry, convergence)")
    add_model_argument(shot_cmd)
    add_export_parser(commands)
    add_neural_parser(commands)

    bench_cmd = commands.add_parser("bench", help="the performance suite (ratios to baselines)")
    bench_cmd.add_argument("--json", action="store_true")
    bench_cmd.add_argument("--quick", action="store_true", help="fewer repeats")
    return parser


def _row(problem, result, known: Known) -> dict:
    """One answer as JSON, scored against the true θ or NIST's values only where they apply."""
    return report.result_object(problem, result, true_theta=known.true_theta, certified=known.certified)


def _with_notes(obj: dict, known: Known) -> dict:
    """The answer with the notes on what it is not compared with (another model than NIST's)."""
    return {**obj, "warnings": obj["warnings"] + list(known.notes)}


def cmd_solve(args) -> int:
    from .nonlinear_cmd import cmd_solve_nonlinear, is_nonlinear, refuse_nonlinear_method
    if is_nonlinear(args):
        return cmd_solve_nonlinear(args, problem_from_args)
    refuse_nonlinear_method(args.method)
    problem, known = problem_from_args(args)
    steps_seen = Trace(capacity=TRACE_CAPACITY)
    params = parse_params(args.param)
    if args.precision is not None:
        params["precision"] = args.precision
    result = solve(problem, args.method, start=parse_start(args.start), **params,
                   on_step=steps_seen.append if args.trace else None)
    obj = _with_notes(_row(problem, result, known), known)
    if args.trace:
        obj["trace"] = trace_objects(steps_seen)
        obj["steps"] = report.board_objects(steps_seen)
        obj["board"] = board_lines(problem, args.method, steps_seen, args.param)
    if args.json:
        print(json.dumps(obj, ensure_ascii=False))
    else:
        print(report.problem_line(problem))
        if args.trace:
            print_board(obj["board"])
        print(report.result_text(problem, obj))
    if args.statistics and not obj["statistics"]["defined"]:
        print(clip_line(f"error: --statistics: {obj['statistics']['reason']}", 400),
              file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK if result.ok else EXIT_FAILED


def cmd_compare(args) -> int:
    from .nonlinear_cmd import cmd_compare_nonlinear, is_nonlinear
    if is_nonlinear(args):
        return cmd_compare_nonlinear(args, problem_from_args)
    if args.start:
        raise InputError("--start in compare is for a nonlinear fit (--model or a NIST nonlinear data set)")
    problem, known = problem_from_args(args)
    names = [s.name for s in SOLVERS if s.family != "Analysis"] if args.methods == "all" else \
        [m.strip() for m in args.methods.split(",") if m.strip()]
    names = [n for n in names if n != REFERENCE]
    names, unable = methods_in_precision(names, args.precision)
    if unable and args.methods != "all":
        raise InputError(f"--precision {args.precision}: {', '.join(unable)} computes in float64 only "
                         "(main.py methods shows which methods have a precision setting)")
    results, reference = compare(problem, names, precision=args.precision)
    if unable:
        known = replace(known, notes=(*known.notes, f"not run in {args.precision}: {', '.join(unable)} "
                                      "(they compute in float64 only)"))
    rows = [_row(problem, r, known) for r in results]
    rows.append({**_row(problem, reference, known), "reference": True})
    if args.json:
        print(json.dumps([_with_notes(row, known) for row in rows], ensure_ascii=False))
    else:
        print(report.problem_line(problem))
        for note in known.notes:  # once above the table, not in every row's note column
            print(f"note: {note}")
        print(report.compare_table(rows))
        print("\nstatistics of each method's own θ:")
        print(report.statistics_table(rows))
    return EXIT_OK


def cmd_methods(args) -> int:
    from engine.nonlinear import NONLINEAR_SOLVERS

    from .nonlinear_cmd import nonlinear_methods_lines
    if args.json:
        linear = [{**spec.describe(), "model": "linear"} for spec in SOLVERS]
        nonlinear = [{**spec.describe(), "model": "nonlinear"} for spec in NONLINEAR_SOLVERS]
        print(json.dumps(linear + nonlinear, ensure_ascii=False))
        return EXIT_OK
    for family, specs in SOLVERS.families().items():
        print(f"{family}:")
        for spec in specs:
            print(f"  {spec.name:<16} {spec.label}")
            for h in spec.hyperparameters:
                print(f"      --param {h.name}=<{h.kind}>  default {h.default}: {h.help}")
    print("\n".join(nonlinear_methods_lines()))
    return EXIT_OK


def cmd_datasets(args) -> int:
    from .nonlinear_cmd import nonlinear_dataset_objects
    described = [d.describe() for d in DATASETS.values()] + nonlinear_dataset_objects()
    if args.json:
        print(json.dumps(described, ensure_ascii=False))
        return EXIT_OK
    for d in described:
        print(f"  {d['name']:<16} n = {d['n']:<5} {d['title']}")
    return EXIT_OK


def cmd_bench(args) -> int:
    from .bench import run_bench
    return run_bench(as_json=args.json, quick=args.quick)


def _classroom(args) -> dict:
    """The classroom pictures asked for on the command line (gui/headless/classroom.py)."""
    from gui.headless.classroom import check_residual_pictures

    residuals = [name.strip() for name in (args.residuals or "").split(",") if name.strip()]
    check_residual_pictures(residuals)  # said before the window is built and the solvers run
    guesses = []
    for text in args.guess:
        try:
            guesses.append([float(v) for v in text.split(",") if v.strip()])
        except ValueError:
            raise InputError(f"--guess {brief(text)}: expected numbers separated by commas") from None
        if not guesses[-1] or not all(math.isfinite(v) for v in guesses[-1]):
            raise InputError(f"--guess {brief(text)}: expected finite numbers separated by commas")
    if args.reveal and not guesses:
        raise InputError("--reveal: there is nothing to reveal without a --guess")
    focus = None
    if args.focus is not None:
        focus = SOLVERS.get(args.focus).name
        if focus not in (parse_methods(args.method) or []):
            raise InputError(f"--focus {brief(args.focus)}: name one of the solvers of --method")
    return {"residuals": residuals, "distance": args.distance, "guesses": guesses, "reveal": args.reveal,
            "focus": focus}


def cmd_screenshot(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # off screen by definition: no display needed
    from gui.headless.screenshot import check_picture_path, render_screenshot
    check_picture_path(args.out)  # a bad name is said before the data is read and the solvers run
    if args.nonlinear or args.model:  # the nonlinear fit window (issue 17)
        from gui.headless.nonlinear_screenshot import render_nonlinear_screenshot
        methods = [m.strip() for m in (args.method or "").split(",") if m.strip()]  # checked by the window
        from .nonlinear_cmd import problem_from_args as nonlinear_problem_from_args
        problem = nonlinear_problem_from_args(args, problem_from_args)[0] if args.model else None
        print(render_nonlinear_screenshot(args.out, args.nonlinear, problem=problem, methods=methods or None,
                                          view=args.nonlinear_view, size=parse_size(args.size),
                                          presentation=args.presentation, params=args.param))
        return EXIT_OK
    if args.system:
        raise InputError("screenshot shows points or a table; --system has no canvas picture")
    data = window_data(args)
    from gui.views import VIEW_NAMES as names
    if args.view and args.view not in names:
        raise InputError(f"--view {brief(args.view)}: unknown view; the views are {', '.join(names)}")
    if args.presentation is not None and not 1.5 <= args.presentation <= 2.5:
        raise InputError(f"--presentation {args.presentation:g}: give a scale from 1.5 to 2.5")
    methods = [SOLVERS.get(m).name for m in dict.fromkeys(parse_methods(args.method) or [])]
    if args.param and not methods:
        raise InputError("--param: name the solvers it is for with --method")
    out = render_screenshot(args.out, size=parse_size(args.size), steps=args.steps, methods=methods,
                            params=params_by_method(methods, args.param), start=parse_start(args.start),
                            view=args.view, presentation=args.presentation, theme=args.theme,
                            layout=args.layout, classroom=_classroom(args), **data)
    print(out)
    return EXIT_OK


def cmd_window(argv: list[str]) -> int:
    parser = _Parser(prog="main.py", description="Open the Least Squares Lab window.")
    parser.add_argument("file", nargs="?", help="a CSV or NIST .dat file")
    parser.add_argument("--dataset", metavar="NAME")
    parser.add_argument("--method", metavar="M[,M...]", help="solvers to check, comma-separated")
    args = parser.parse_args(argv)
    if args.file and args.dataset:
        raise InputError("give either FILE or --dataset, not both")
    methods = parse_methods(args.method)
    if args.dataset:
        get_dataset(args.dataset)
    from gui.app import run_app
    return run_app(file=args.file, dataset=args.dataset, methods=methods)


def attach_negative_values(argv: list[str]) -> list[str]:
    """`--points "-1,1;0,0"` written as `--points=-1,1;0,0`: argparse counts only a plain "-1" or
    "-.5" as a number, takes "-1,1;0,0" for an unknown option and says "expected one argument".
    Only the options in NUMBER_LIST_OPTIONS, and only a value that begins with "-" and a digit or
    a point (no option here is spelled that way); nothing after "--" is touched."""
    joined: list[str] = []
    i = 0
    while i < len(argv):
        token, value = argv[i], argv[i + 1] if i + 1 < len(argv) else ""
        if token == "--":
            return joined + argv[i:]
        if token in NUMBER_LIST_OPTIONS and value.startswith(_NEGATIVE_STARTS):
            joined.append(f"{token}={value}")
            i += 2
            continue
        joined.append(token)
        i += 1
    return joined


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
            return cmd_window(argv)
        args = build_parser().parse_args(attach_negative_values(argv))
        handler = {"solve": cmd_solve, "compare": cmd_compare, "methods": cmd_methods,
                   "datasets": cmd_datasets, "bench": cmd_bench, "screenshot": cmd_screenshot,
                   "export": cmd_export, "neural": cmd_neural}[args.command]
        return handler(args)
    except InputError as error:
        print(clip_line(f"error: {error}"), file=sys.stderr)  # one short line, whatever it quotes
        return EXIT_BAD_INPUT
    except ComputationError as error:  # a solver stopped on an internal error: said, not hidden
        print(clip_line(f"error: {error}"), file=sys.stderr)
        return EXIT_BUG
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `main.py solve ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug: say so in one line unless asked for the traceback
        if os.environ.get("LSQLAB_DEBUG"):
            traceback.print_exc()
        else:
            print(f"internal error (a bug, please report it): {clip_line(repr(error), 120)}; "
                  "set LSQLAB_DEBUG=1 to see the traceback", file=sys.stderr)
        return EXIT_BUG
