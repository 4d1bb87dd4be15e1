"""Results as JSON objects (the DESIGN.md contract) and as text a person reads."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine import Problem, Result, lre
from engine.own_references import OWN_REFERENCE_METHODS
from engine.precision import get_precision
from engine.statistics import fit_statistics


def _number(value: Any) -> Any:
    """JSON has no NaN or infinity: such values become null."""
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (np.integer,)):
        return int(value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return _number(value)


def result_object(problem: Problem, result: Result, *, true_theta=None, certified=None) -> dict:
    """One solver's answer in the shape `solve --json` prints."""
    diagnostics = {k: v for k, v in result.diagnostics.items() if np.ndim(v) == 0 or k == "exact"}
    obj = {
        "method": result.method,
        "theta": None if result.theta is None else _plain(result.theta),
        "parameter_names": list(problem.parameter_names),
        "loss": _number(result.loss),
        "residual_norm": _number(result.residual_norm),
        "iterations": result.iterations,
        "status": result.status,
        "message": result.message,
        "elapsed_s": result.elapsed_s,
        "condition_number": _number(problem.cond),
        "precision": result.diagnostics.get("precision", "float64"),
        "warnings": list(result.warnings),
        "diagnostics": _plain(diagnostics),
        "statistics": statistics_object(problem, result.theta, result.method),
    }
    if true_theta is not None and result.theta is not None and len(true_theta) == len(result.theta):
        obj["error_vs_truth"] = float(np.linalg.norm(result.theta - true_theta))
    # NIST certifies the least-squares estimates: another distance's answer (tls, lad) is not scored against them
    if certified is not None and result.theta is not None and result.method not in OWN_REFERENCE_METHODS:
        obj["lre_certified"] = round(lre(result.theta, [float(c) for c in certified]), 2)
    return obj


def statistics_object(problem: Problem, theta, method: str = "") -> dict:
    """The classic statistics of θ as JSON: "defined" false with the "reason" where they are not."""
    if theta is None:
        return {"defined": False, "reason": "the method gave no θ, so there are no statistics of it"}
    if not np.all(np.isfinite(theta)):
        return {"defined": False, "reason": "θ has values that are not finite numbers (the method diverged), "
                "so there are no statistics of it"}
    stats = fit_statistics(problem, theta, method=method)
    obj = {"defined": stats.defined, "r": _number(stats.r), "r2": _number(stats.r2),
           "adjusted_r2": _number(stats.adjusted_r2), "standard_errors": _plain(stats.standard_errors),
           "residual_std": _number(stats.residual_std), "n": stats.n, "p": stats.p,
           "assumptions": stats.assumptions}
    if stats.reason:
        obj["reason"] = stats.reason
    if stats.note:
        obj["note"] = stats.note
    return obj


def _stat(value, spec: str = ".6g") -> str:
    return "not defined" if value is None else format(value, spec)


def statistics_text(problem: Problem, stats: dict) -> str:
    """The statistics as a short block under the answer."""
    if "r2" not in stats or all(stats[k] is None for k in ("r2", "residual_std")):
        return f"  statistics: {stats['reason']}"
    lines = [f"  r = {_stat(stats['r'])}   r² = {_stat(stats['r2'])}   adjusted r² = "
             f"{_stat(stats['adjusted_r2'])}   s = {_stat(stats['residual_std'])}"]
    if any(e is not None for e in stats["standard_errors"]):
        lines.append("  standard errors: " + ", ".join(
            f"{name} ± {_stat(e, '.4g')}" for name, e in zip(problem.parameter_names, stats["standard_errors"])))
    lines += [f"  note: {text}" for text in (stats.get("reason"), stats.get("note")) if text]
    return "\n".join(lines)


def statistics_table(rows: list[dict]) -> str:
    """Each method's r², adjusted r² and s (of its own θ) under the race, one line each."""
    table = [["method", "r²", "adjusted r²", "s"]]
    for r in rows:
        stats = r["statistics"]
        table.append([r["method"]] + [_stat(stats.get(k)) for k in ("r2", "adjusted_r2", "residual_std")])
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table)


#: Detail arrays up to this size are printed with --trace (vectors of a small example, p × p matrices).
SHOWN_DETAIL_SIZE = 16


def _shown(detail) -> dict:
    return {key: _plain(value) for key, value in detail.items()
            if isinstance(value, (int, float, bool, np.number, np.ndarray)) and np.size(value) <= SHOWN_DETAIL_SIZE}


def board_objects(steps) -> list[dict]:
    """Every step as the board shows it: its kind, its one-line formula and its small numbers."""
    return [{"k": s.k, "kind": s.kind, "title": s.title, "detail": _shown(s.detail)} for s in steps]


def problem_line(problem: Problem) -> str:
    what = f"degree {problem.degree}" if problem.degree is not None else f"{problem.p} columns"
    return (f"{problem.name or 'data'}: n = {problem.n}, {what}, p = {problem.p}, "
            f"κ(A) = {problem.cond:.3g}, rank {problem.rank}")


def result_text(problem: Problem, obj: dict) -> str:
    lines = [f"{obj['method']}: {obj['status']}" + (f" — {obj['message']}" if obj["message"] else "")]
    if obj.get("precision", "float64") != "float64":
        precision = get_precision(obj["precision"])
        lines.append(f"  computed in {precision.label}: about {precision.digits:.1f} significant digits, "
                     f"u = {precision.unit_roundoff:.2g}; the data were rounded to it first")
    if obj["theta"] is not None:
        for name, value in zip(problem.parameter_names, obj["theta"]):
            lines.append(f"  {name:>4} = {value: .15g}")
        lines.append(f"  loss = {obj['loss']:.6g}   ‖residual‖ = {obj['residual_norm']:.6g}   "
                     f"time = {obj['elapsed_s'] * 1000:.2f} ms")
    agreeing = ("digits agreeing with the constrained answer" if "rss_free" in obj["diagnostics"]
                 else "digits agreeing with lstsq")  # a constrained method is checked against its own answer
    for key, label in (("digits_vs_reference", agreeing),
                       ("digits_expected", "digits expected from κ")):
        if key in obj["diagnostics"]:
            lines.append(f"  {label}: {obj['diagnostics'][key]}")
    if "lre_certified" in obj:
        lines.append(f"  LRE against NIST's certified values: {obj['lre_certified']}")
    if "error_vs_truth" in obj:
        lines.append(f"  ‖θ − true θ‖ = {obj['error_vs_truth']:.4g}")
    lines += [f"  warning: {w}" for w in obj["warnings"]]
    if "statistics" in obj and obj["theta"] is not None:  # no θ: the failure above already says why
        lines.append(statistics_text(problem, obj["statistics"]))
    return "\n".join(lines)


def compare_table(rows: list[dict]) -> str:
    """The race as a table: one row per method, the reference last."""
    extra_truth = any("error_vs_truth" in r for r in rows)
    extra_cert = any("lre_certified" in r for r in rows)
    header = ["method", "status", "digits vs lstsq", "predicted"] + (["LRE (NIST)"] if extra_cert else []) + \
        (["‖θ − true θ‖"] if extra_truth else []) + ["loss", "time (ms)", "note"]
    table = [header]
    for r in rows:
        digits = r["diagnostics"].get("digits_vs_reference")
        note = r["message"] or (r["warnings"][0] if r["warnings"] else "")
        row = [r["method"] + (" (reference)" if r.get("reference") else ""), r["status"],
               "—" if digits is None else f"{digits:.1f}"]
        predicted = r["diagnostics"].get("digits_expected")
        row.append("—" if predicted is None else f"{predicted:.1f}")
        if extra_cert:
            row.append(f"{r['lre_certified']:.1f}" if "lre_certified" in r else "—")
        if extra_truth:
            row.append(f"{r['error_vs_truth']:.4f}" if "error_vs_truth" in r else "—")
        row += ["—" if r["loss"] is None else f"{r['loss']:.6g}", f"{r['elapsed_s'] * 1000:.2f}",
                note if len(note) <= 70 else note[:67] + "..."]
        table.append(row)
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header) - 1)]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths)) + "  " + row[-1]
                     for row in table)
