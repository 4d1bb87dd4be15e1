"""The float32 figure of `main.py bench`: its shape only (tiny n); timings are reported, never asserted."""

from __future__ import annotations


def test_the_float32_bench_figure_times_householder_in_both_precisions():
    from cli.bench import Figure
    from cli.bench_precision import FLOAT32_TARGET, precision_figures

    (figure,) = precision_figures(Figure, repeats=1, rows=3000)
    assert "float32" in figure.name and "householder" in figure.name and "n=3e3, p=11" in figure.name
    assert figure.target == FLOAT32_TARGET == 0.8
    assert figure.ratio > 0 and figure.met == (figure.ratio <= figure.target)
    assert "float32 converged" in figure.detail and "float64 converged" in figure.detail
