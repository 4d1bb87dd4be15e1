"""`main.py neural EXPERIMENT`: least squares inside neural networks (issue 7), headless.

    fit       trained / solved / hybrid one-hidden-layer fits of a noisy curve
    features  Gaussian against orthogonal random features: the fit's spread over seeds
    init      a deep stack at init: norms per layer, the Jacobian's singular values
    layers    QRLinear, Cayley, Householder, penalty, spectral norm and a free layer in training
    rnn       a linear RNN's gradient norm against the time step

A short table, or one JSON object with --json. Bad options: exit 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from engine import InputError
from engine.neural import (
    ACTIVATIONS,
    CURVES,
    FITS,
    LAYER_KINDS,
    OPTIMIZERS,
    OUTPUT_SOLVERS,
    TARGETS,
    feature_spread,
    fit_comparison,
    init_comparison,
    layers_comparison,
    make_curve,
    rnn_comparison,
)

from .exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK

EXPERIMENTS = ("fit", "features", "init", "layers", "rnn")


def _in_range(low: float, high: float, kind=int):
    """An argparse type that names the option and its range when a value is wrong."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {'an integer' if kind is int else 'a number'}, "
                                             f"got {text!r}") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"{text} is outside the range [{low:g}, {high:g}]")
        return value
    return parse


def _names(allowed):
    """Comma-separated names, each checked against `allowed`."""
    def parse(text: str):
        names = [t.strip() for t in text.split(",") if t.strip()]
        bad = [n for n in names if n not in allowed]
        if bad or not names:
            raise argparse.ArgumentTypeError(f"{', '.join(bad) or 'nothing'} is not one of "
                                             f"{', '.join(allowed)}")
        return names
    return parse


def _add_fit(experiments) -> None:
    p = experiments.add_parser("fit", help="trained / solved / hybrid fits of a noisy curve")
    p.add_argument("--how", type=_names(tuple(FITS)), default=list(FITS), metavar="trained,solved,hybrid")
    p.add_argument("--width", type=_in_range(5, 500), default=50)
    p.add_argument("--activation", choices=ACTIVATIONS, default="tanh")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="adam", help="for trained and hybrid")
    p.add_argument("--lr", type=_in_range(1e-8, 10.0, float), default=0.01)
    p.add_argument("--max-iter", type=_in_range(1, 10**6), default=None,
                   help="iterations (default 3000 trained, 200 hybrid)")
    p.add_argument("--method", choices=OUTPUT_SOLVERS, default="householder", help="output-layer solver")
    p.add_argument("--scale", type=_in_range(1e-3, 1e3, float), default=16.0,
                   help="spread of the random hidden weights")
    p.add_argument("--curve", choices=tuple(CURVES), default="wiggle")
    p.add_argument("--n", type=_in_range(10, 10**6), default=200, help="training points")
    p.add_argument("--noise", type=_in_range(0.0, 10.0, float), default=0.1)
    p.add_argument("--seed", type=_in_range(0, 2**31 - 1), default=0)


def _add_others(experiments) -> None:
    p = experiments.add_parser("features", help="Gaussian against orthogonal random features over many seeds")
    p.add_argument("--seeds", type=_in_range(1, 1000), default=20)
    p.add_argument("--width", type=_in_range(5, 500), default=50)
    p.add_argument("--dim", type=_in_range(1, 64), default=1, help="input dimension of the curve")
    p.add_argument("--method", choices=OUTPUT_SOLVERS, default="lstsq")
    p.add_argument("--scale", type=_in_range(1e-3, 1e3, float), default=16.0)
    p.add_argument("--noise", type=_in_range(0.0, 10.0, float), default=0.1)

    p = experiments.add_parser("init", help="a deep stack at init: orthogonal against Gaussian")
    p.add_argument("--depth", type=_in_range(2, 64), default=32)
    p.add_argument("--width", type=_in_range(2, 512), default=16)
    p.add_argument("--activation", choices=("linear", "tanh"), default="linear")
    p.add_argument("--gain", type=_in_range(1e-3, 100.0, float), default=1.0)
    p.add_argument("--seed", type=_in_range(0, 2**31 - 1), default=0)

    p = experiments.add_parser("layers", help="orthogonal layers in training against a free one")
    p.add_argument("--kinds", type=_names(LAYER_KINDS), default=list(LAYER_KINDS),
                   metavar=",".join(LAYER_KINDS))
    p.add_argument("--n", type=_in_range(2, 128), default=16, help="layer size n × n")
    p.add_argument("--steps", type=_in_range(1, 10**5), default=1000)
    p.add_argument("--lr", type=_in_range(1e-8, 10.0, float), default=0.03)
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="adam")
    p.add_argument("--target", choices=TARGETS, default="gaussian")
    p.add_argument("--seed", type=_in_range(0, 2**31 - 1), default=0)

    p = experiments.add_parser("rnn", help="a linear RNN's gradient norm against the time step")
    p.add_argument("--n", type=_in_range(2, 1024), default=32, help="state size")
    p.add_argument("--steps", type=_in_range(10, 200), default=100)
    p.add_argument("--gain", type=_in_range(1e-3, 100.0, float), default=1.0)
    p.add_argument("--seed", type=_in_range(0, 2**31 - 1), default=0)


def add_neural_parser(commands) -> None:
    """The `neural` sub-command and its experiments (each with --json)."""
    cmd = commands.add_parser("neural", help="least squares inside neural networks: " + ", ".join(EXPERIMENTS))
    experiments = cmd.add_subparsers(dest="experiment", parser_class=type(cmd), metavar="EXPERIMENT")
    experiments.required = True
    _add_fit(experiments)
    _add_others(experiments)
    for parser in experiments.choices.values():
        parser.add_argument("--json", action="store_true", help="print one JSON object")


def _finite(obj):
    """JSON has no ∞ or NaN: they become null (a κ beyond floating point is reported as such in text)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _g(value, fmt: str = ".4g") -> str:
    return "—" if value is None else format(value, fmt)


def _run_fit(args) -> tuple[dict, list[str], int]:
    data = make_curve(args.curve, n_train=args.n, noise=args.noise, seed=args.seed)
    options = {"width": args.width, "activation": args.activation, "optimizer": args.optimizer, "lr": args.lr,
               "method": args.method, "scale": args.scale, "seed": args.seed}
    if args.max_iter is not None:
        options["max_iter"] = args.max_iter
    rows = fit_comparison(data, args.how, **options)
    lines = [f"{'fit':<30} {'status':<10} {'train':>10} {'validation':>10} {'time s':>8}  note"]
    for r in rows:
        note = r["message"] if r["status"] not in ("converged", "max_iter") else \
            (f"κ([1 H]) = {r['cond']:.2g}" if r["cond"] else "")
        lines.append(f"{r['method']:<30} {r['status']:<10} {_g(r['train_loss']):>10} {_g(r['val_loss']):>10} "
                     f"{r['elapsed_s']:>8.3f}  {note}")
    lines.append(f"noise floor ½σ² = {0.5 * args.noise ** 2:.4g}")
    failed = any(r["status"] in ("failed", "diverged") for r in rows)
    code = EXIT_FAILED if failed else EXIT_OK
    return {"experiment": "fit", "noise_floor": 0.5 * args.noise ** 2, "fits": rows}, lines, code


def _run_features(args) -> tuple[dict, list[str], int]:
    out = feature_spread(seeds=args.seeds, width=args.width, dim=args.dim, method=args.method, scale=args.scale,
                         noise=args.noise)
    lines = [f"{'features':<12} {'mean val':>10} {'std':>10} {'min':>10} {'max':>10} {'failed':>7}"]
    for kind in ("gaussian", "orthogonal"):
        s = out[kind]
        lines.append(f"{kind:<12} {_g(s.get('mean')):>10} {_g(s.get('std')):>10} {_g(s.get('min')):>10} "
                     f"{_g(s.get('max')):>10} {s['failures']:>7}")
    if args.dim == 1:
        lines.append("dim 1: a 1 × 1 orthogonal block is ±1, so both kinds are the same distribution")
    return {"experiment": "features", **out}, lines, EXIT_OK


def _run_init(args) -> tuple[dict, list[str], int]:
    out = init_comparison(depth=args.depth, width=args.width, activation=args.activation, gain=args.gain,
                          seed=args.seed)
    lines = [f"{args.depth} {args.activation} layers of width {args.width}, gain {args.gain:g}",
             f"{'init':<12} {'κ(J)':>10} {'max|σ−1|':>10} {'sd log σ':>9} {'‖g‖ layer 1':>12} {'‖h‖ last':>9}"]
    for init in ("orthogonal", "gaussian"):
        s = out[init]
        kappa = f"{s['condition_number']:.3g}" + ("" if s["resolved"] else "+")
        lines.append(f"{init:<12} {kappa:>10} {s['max_abs_sigma_minus_1']:>10.3g} {s['log10_spread']:>9.3g} "
                     f"{s['gradient_norms'][0]:>12.4g} {s['activation_norms'][-1]:>9.4g}")
    lines.append("+ : σmin is below rounding (ε·σmax), so κ is only a lower bound")
    return {"experiment": "init", **out}, lines, EXIT_OK


def _run_layers(args) -> tuple[dict, list[str], int]:
    rows = layers_comparison(args.kinds, n=args.n, steps=args.steps, lr=args.lr, seed=args.seed,
                             optimizer=args.optimizer, target=args.target)
    lines = [f"{'layer':<12} {'status':<9} {'loss':>10} {'max ‖WᵀW−I‖':>12} {'σmax':>8} {'σmin':>8}"]
    for r in rows:
        lines.append(f"{r['layer']:<12} {r['status']:<9} {_g(r['loss']):>10} {_g(r['orth_error_max'], '.2e'):>12} "
                     f"{_g(r['sigma_max']):>8} {_g(r['sigma_min']):>8}")
    code = EXIT_FAILED if any(r["status"] == "diverged" for r in rows) else EXIT_OK
    return {"experiment": "layers", "layers": rows}, lines, code


def _run_rnn(args) -> tuple[dict, list[str], int]:
    out = rnn_comparison(n=args.n, steps=args.steps, gain=args.gain, seed=args.seed)
    lines = [f"linear RNN, state {args.n}, {args.steps} steps: ‖∂L/∂h_t‖ with ‖∂L/∂h_T‖ = 1",
             f"{'W':<12} {'t = 0':>10} {'t = T/2':>10} {'worst factor':>13}"]
    for kind in ("orthogonal", "gaussian"):
        g = out[kind]["gradient_norms"]
        lines.append(f"{kind:<12} {g[0]:>10.4g} {g[len(g) // 2]:>10.4g} {out[kind]['worst_ratio']:>13.4g}")
    return {"experiment": "rnn", **out}, lines, EXIT_OK


RUNNERS = {"fit": _run_fit, "features": _run_features, "init": _run_init, "layers": _run_layers, "rnn": _run_rnn}


def cmd_neural(args) -> int:
    """Run the experiment; print its table or its JSON object; 3 if a fit failed or diverged."""
    obj, lines, code = RUNNERS[args.experiment](args)
    if args.json:
        print(json.dumps(_finite(obj), ensure_ascii=False))
    else:
        print("\n".join(lines))
    return code


def neural_figures(figure) -> list:
    """Issue 7's bench, as cli.bench Figures: solved/trained validation loss (≤ 1.1) and time (≤ 1/20)."""
    from engine.neural import solved_vs_trained

    out = solved_vs_trained()
    if not out["ok"]:
        return [figure("neural: solved / Adam-trained network, width 50", float("inf"), 0.05, False, out["message"])]
    detail = (f"tanh width 50, n = 1000: Adam 3000 iterations {out['trained_s']:.3g} s, "
              f"val {out['trained_val_loss']:.4g}; solved by householder {out['solved_s']:.3g} s, "
              f"val {out['solved_val_loss']:.4g}")
    return [figure("neural: time, solved / Adam-trained network (width 50)", out["time_ratio"], out["time_target"],
                   out["time_met"], detail),
            figure("neural: validation loss, solved / Adam-trained (width 50)", out["val_ratio"], out["val_target"],
                   out["val_met"], detail)]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise InputError(f"{self.prog}: {message} (see --help)")


def neural_main(argv: list[str] | None = None) -> int:
    """Standalone entry (`python -m cli.neural_cmd EXPERIMENT ...`) with main.py's exit codes."""
    parser = _Parser(prog="main.py")
    add_neural_parser(parser.add_subparsers(dest="command", parser_class=_Parser))
    try:
        return cmd_neural(parser.parse_args(["neural", *(sys.argv[1:] if argv is None else argv)]))
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(neural_main())
