"""`main.py export`: a run as a file. OUT.csv / OUT.json hold the solvers' traces, computed
headless by the engine (no Qt at all); OUT.gif / OUT.mp4 replay the race in the window,
rendered off screen like `main.py screenshot`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from engine import SOLVERS, InputError, solve
from engine.outputs import check_output_path, write_failed
from engine.trace_io import BEYOND_RANGE_NOTE, TraceCsvWriter, beyond_range, trace_objects

from .arguments import params_by_method, parse_methods, parse_size, parse_start, window_data
from .data_args import add_data_arguments, problem_from_args
from .exit_codes import EXIT_FAILED, EXIT_OK

TRACE_FORMATS = (".csv", ".json")
ANIMATION_FORMATS = (".gif", ".mp4")


def add_export_parser(commands) -> None:
    """The `export` sub-command's arguments."""
    cmd = commands.add_parser("export", help="write a race as a GIF or MP4, or its traces as CSV or JSON")
    cmd.add_argument("out", metavar="OUT.(gif|mp4|csv|json)")
    add_data_arguments(cmd)
    cmd.add_argument("--method", required=True, metavar="M[,M...]", help="solvers to race, comma-separated")
    cmd.add_argument("--start", metavar="a,b,...", help="start point of the iterative methods")
    cmd.add_argument("--param", action="append", default=[], metavar="[METHOD.]KEY=VALUE",
                     help="a hyperparameter for every solver that has it, or for one (gd.lr=0.1); repeatable")
    cmd.add_argument("--fps", type=float, default=20, metavar="N", help="frames per second (GIF, MP4)")
    cmd.add_argument("--size", default="960x540", metavar="WxH", help="picture size in pixels (GIF, MP4)")
    cmd.add_argument("--frames", type=int, metavar="N",
                     help="exactly N frames, the steps spread evenly over them (default: one frame per step)")
    cmd.add_argument("--from", dest="first", type=int, metavar="K", help="the film's first step (default: 0)")
    cmd.add_argument("--to", dest="last", type=int, metavar="K", help="the film's last step (default: the last)")
    cmd.add_argument("--legend", action=argparse.BooleanOptionalAction, default=True,
                     help="the solvers' legend and the step under the pictures (default: on)")
    cmd.add_argument("--view", default="canvas", metavar="NAME",
                     help="what to film: canvas, window, surface, geometry, hand, convergence, table, or "
                          "canvas+VIEW for both side by side (default: canvas)")


def _failures(results: dict) -> int:
    """Exit 3 (DESIGN.md) when a solver failed or diverged; the file is written all the same."""
    bad = {key: r for key, r in results.items() if r is not None and not r.ok}
    for key, result in bad.items():
        print(f"note: {key} {result.status}: {result.message}", file=sys.stderr)
    return EXIT_FAILED if bad else EXIT_OK


def _export_trace(out: Path, args, methods: list[str], params: dict, start) -> int:
    """Every solver run to the end by the engine; each step written as it comes."""
    problem, _ = problem_from_args(args)
    if start is not None and len(start) != problem.p:
        raise InputError(f"--start needs {problem.p} numbers ({', '.join(problem.parameter_names)}), got {len(start)}")
    race = len(methods) > 1
    results = {}
    overflowed = 0

    def run(method: str, on_step) -> None:
        begin = None if SOLVERS.get(method).direct else start

        def counted(step):
            nonlocal overflowed
            overflowed += beyond_range([step])
            on_step(step)
        results[method] = solve(problem, method, start=begin, on_step=counted, **params[method])

    try:
        if out.suffix.lower() == ".csv":
            with open(out, "w", newline="", encoding="utf-8") as stream:
                writer = TraceCsvWriter(stream, problem.parameter_names, solver_column=race)
                for method in methods:
                    run(method, lambda step, m=method: writer.write(step, m if race else None))
        else:
            import json
            objects: dict[str, list] = {m: [] for m in methods}
            for method in methods:
                run(method, lambda step, m=method: objects[m].extend(trace_objects([step])))
            with open(out, "w", encoding="utf-8") as stream:
                json.dump(objects if race else objects[methods[0]], stream, ensure_ascii=False, allow_nan=False)
                stream.write("\n")
    except OSError as error:
        raise write_failed(out, error) from None
    print(out)
    if overflowed:
        print("note: " + BEYOND_RANGE_NOTE.format(count=overflowed), file=sys.stderr)
    return _failures(results)


def _export_animation(out: Path, args, methods: list[str], params: dict, start) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # off screen by definition: no display needed
    from gui.headless.scene import SceneData
    from gui.headless.scene import scene as scene_window
    from gui.persist.export import check_animation_args, export_animation
    from gui.persist.film import target_parts
    from gui.views import VIEW_NAMES

    size = parse_size(args.size)
    try:
        target_parts(args.view, VIEW_NAMES)
        check_animation_args(out, fps=args.fps, size=size, frames=args.frames)
    except ValueError as error:
        text = str(error)
        raise InputError("--" + text if text.startswith("view ") else text) from None
    if args.system:
        raise InputError("export films points on a canvas; --system has none (export it as .csv or .json)")
    scene = SceneData(**window_data(args))
    with scene_window(scene, methods=methods, params=params, start=start, size=size) as window:
        window.canvas.auto_range()
        try:
            export_animation(window, out, fps=args.fps, size=size, frames=args.frames, target=args.view,
                             first=args.first, last=args.last, legend=args.legend)
        except ValueError as error:
            raise InputError(str(error)) from None
        except OSError as error:  # the checks passed, the write did not: a full disk, a folder gone
            raise write_failed(out, error) from None
        results = {r.key: window.race.results.get(r.key) for r in window.race.requests}
    print(out)
    return _failures(results)


def cmd_export(args: argparse.Namespace) -> int:
    out = check_output_path(args.out, TRACE_FORMATS + ANIMATION_FORMATS,
                            formats=".gif, .mp4 (the race as a film), .csv or .json (the traces)")
    suffix = out.suffix.lower()
    methods = parse_methods(args.method)
    if not methods:
        raise InputError("--method: name at least one solver (see: main.py methods)")
    methods = [SOLVERS.get(m).name for m in dict.fromkeys(methods)]
    params = params_by_method(methods, args.param)
    start = parse_start(args.start)
    if suffix in TRACE_FORMATS:
        return _export_trace(out, args, methods, params, start)
    return _export_animation(out, args, methods, params, start)
