"""The built-in data sets: each loads, builds the problem it is meant for, and is what it says."""

from __future__ import annotations

import hashlib
import json
from importlib.resources import files

import numpy as np
import pytest

from engine.datasets import DATASETS, GROUPS, get_dataset
from engine.errors import InputError

from . import nist_reference
from .nist_reference import NIST_DIR

#: (n, p) of each set's default problem, written out by hand.
SHAPES = {
    "seed-2pt": (2, 2), "seed-4pt": (4, 2), "seed-random": (1000, 100),
    "nist-norris": (36, 2), "nist-pontius": (40, 3), "nist-noint1": (11, 1), "nist-noint2": (3, 1),
    "nist-filip": (82, 11), "nist-longley": (16, 7),
    **{f"nist-wampler{k}": (21, 6) for k in range(1, 6)},
    **{f"anscombe-{k}": (11, 2) for k in range(1, 5)},
    "noisy-line": (50, 2), "outliers": (30, 2), "near-collinear": (50, 3), "years-poly": (51, 3),
    "tb-l19": (100, 15), "hilbert": (12, 8), "vandermonde": (21, 11), "lauchli": (3, 2), "rank-deficient": (12, 4),
}


@pytest.fixture(scope="module")
def certified() -> dict:
    return nist_reference.certified()


def lstsq(problem) -> np.ndarray:
    return np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]


def test_the_catalogue_is_complete_and_grouped_in_order():
    assert set(DATASETS) == set(SHAPES)
    groups = [data_set.group for data_set in DATASETS.values()]
    assert set(groups) <= set(GROUPS)
    assert groups == sorted(groups, key=GROUPS.index), "display order keeps groups together"


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_set_loads_and_builds_its_problem(name):
    data_set = DATASETS[name]
    table = data_set.table()
    problem = data_set.problem()
    assert (problem.n, problem.p) == SHAPES[name]
    assert table.n_rows == problem.n
    assert table.source == name and problem.name == name
    assert np.all(np.isfinite(table.data)) and not table.data.flags.writeable
    assert data_set.title and data_set.description.endswith(".")
    assert data_set.description.count(". ") == 0, "one sentence"
    described = data_set.describe()
    assert json.loads(json.dumps(described)) == described
    assert set(described) == {"name", "title", "description", "group", "n", "columns", "degree",
                              "intercept", "certified", "methods"}
    assert described["n"] == problem.n and described["columns"] == list(table.names)


def test_get_dataset():
    assert get_dataset("Seed-2pt") is DATASETS["seed-2pt"]
    with pytest.raises(InputError) as caught:
        get_dataset("foo")
    assert str(caught.value).startswith("unknown data set 'foo'; known data sets: seed-2pt, seed-4pt")
    assert "nist-longley" in str(caught.value) and "years-poly" in str(caught.value)


def test_seed_examples_are_the_seeds_numbers():
    two = DATASETS["seed-2pt"].table()
    np.testing.assert_array_equal(two.data, [[1, 3], [2, 5]])
    np.testing.assert_allclose(lstsq(DATASETS["seed-2pt"].problem()), [1, 2], atol=1e-12)
    four = DATASETS["seed-4pt"].table()
    np.testing.assert_array_equal(four.data, [[1, 2], [2, 3], [3, 4], [4, 5]])
    np.testing.assert_allclose(lstsq(DATASETS["seed-4pt"].problem()), [1, 1], atol=1e-12)


def test_seed_random_is_numpys_legacy_stream_for_seed_42():
    data_set = DATASETS["seed-random"]
    table = data_set.table()
    rs = np.random.RandomState(42)
    first_row = rs.randn(100)
    np.testing.assert_array_equal(table.data[0, :100], first_row)
    rs.randn(999 * 100)
    true_weights = rs.randn(100)
    np.testing.assert_array_equal(data_set.true_theta, true_weights)
    x = table.data[:, :100]
    np.testing.assert_array_equal(table.data[:, 100], x @ true_weights + 0.1 * rs.randn(1000))
    assert table.names[:2] == ("w1", "w2") and table.names[-1] == "y"
    problem = data_set.problem()
    assert not problem.intercept and problem.degree is None
    assert np.linalg.norm(lstsq(problem) - true_weights) < 0.05


def test_nist_defaults_match_certified_json(certified):
    for key, entry in certified.items():
        data_set = DATASETS[f"nist-{key.lower()}"]
        assert data_set.group == "NIST StRD"
        assert data_set.degree == entry["polynomial_degree_in_x"], key
        assert data_set.intercept is entry["intercept"], key
        assert data_set.certified == tuple(entry["certified_parameters"].values()), key
        problem = data_set.problem()
        assert problem.p == entry["n_parameters"], key
        assert problem.n == entry["n_observations_stated"], key
        assert problem.parameter_names == tuple(entry["certified_parameters"]), key
        np.testing.assert_array_equal(problem.y, data_set.table().column("y"))


def test_packaged_nist_files_are_unchanged_copies(certified):
    """The files the app reads (as installed) are NIST's: the sha256 NIST's certified.json records."""
    packaged = files("resources").joinpath("datasets", "nist")
    for entry in certified.values():
        data = packaged.joinpath(entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert data == (NIST_DIR / entry["file"]).read_bytes()
    packaged_json = json.loads(packaged.joinpath("certified.json").read_text(encoding="utf-8"))
    assert packaged_json == certified


def test_nist_values_belong_to_the_certified_model_only():
    """Scaling and column order leave the model NIST certified; another degree or no intercept do not."""
    norris = DATASETS["nist-norris"]
    model = norris.certified_model
    for same in (norris.problem(), norris.problem(degree=1), norris.problem(scaling="standardize",
                                                                           basis_order="descending")):
        assert model.values_for(same) == norris.certified and norris.is_own_model(same)
    for other in (norris.problem(degree=2), norris.problem(degree=0), norris.problem(intercept=False)):
        assert model.values_for(other) is None and not norris.is_own_model(other)
        assert model.note(other).startswith("not NIST's certified model: NIST certified nist-norris only for "
                                            "y = B0 + B1*x; this fit is a degree-")
    assert DATASETS["noisy-line"].certified_model is None


def test_nist_fits_recover_the_certified_values_on_easy_sets():
    for name in ("nist-norris", "nist-noint1", "nist-noint2", "nist-longley", "nist-wampler1"):
        data_set = DATASETS[name]
        certified = np.array([float(text) for text in data_set.certified])
        problem = data_set.problem(scaling="standardize")
        theta = problem.to_original(np.linalg.lstsq(problem.matrix, problem.y, rcond=None)[0])
        np.testing.assert_allclose(theta, certified, rtol=1e-6, err_msg=name)


def test_anscombe_sets_share_their_famous_statistics():
    for k in range(1, 5):
        data_set = DATASETS[f"anscombe-{k}"]
        table = data_set.table()
        assert data_set.group == "Classic" and table.names == ("x", "y")
        assert table.column("x").mean() == pytest.approx(9.0)
        assert table.column("y").mean() == pytest.approx(7.50, abs=0.005)
        assert table.column("y").var(ddof=1) == pytest.approx(4.125, abs=0.005)
        np.testing.assert_allclose(lstsq(data_set.problem()), [3.00, 0.500], atol=3e-3)
    np.testing.assert_array_equal(DATASETS["anscombe-4"].table().column("x")[7], 19)


def test_generated_sets_are_deterministic_and_as_documented():
    for name in ("noisy-line", "outliers", "near-collinear", "years-poly"):
        data_set = DATASETS[name]
        first, again = data_set.loader(), data_set.loader()
        np.testing.assert_array_equal(first[0].data, again[0].data)
        np.testing.assert_array_equal(first[1], again[1])
        assert data_set.group == "Generated" and data_set.true_theta is not None
        assert data_set.true_theta.size == data_set.problem().p
    noisy = DATASETS["noisy-line"]
    np.testing.assert_allclose(lstsq(noisy.problem()), [1, 2], atol=0.5)
    outliers = DATASETS["outliers"]
    assert np.abs(lstsq(outliers.problem())[0] - 1) > 1, "the outliers pull the fit"
    collinear = DATASETS["near-collinear"].problem()
    assert collinear.cond > 1e6
    x = DATASETS["near-collinear"].table()
    assert np.max(np.abs(x.column("x1") - x.column("x2"))) < 1e-5
    years = DATASETS["years-poly"]
    assert years.table().column("year")[[0, -1]].tolist() == [1950, 2000]
    assert years.problem().cond > 1e10
    assert years.problem(scaling="standardize").cond < 1e4
    np.testing.assert_allclose(years.problem().design @ years.true_theta,
                               310 + 0.8 * (years.problem().x - 1950)
                               + 0.012 * (years.problem().x - 1950) ** 2, rtol=1e-9)


def test_problem_options_and_overrides():
    norris = DATASETS["nist-norris"]
    quadratic = norris.problem(degree=2, intercept=False, basis_order="descending", name="q")
    assert (quadratic.p, quadratic.intercept, quadratic.basis_order, quadratic.name) == (
        2, False, "descending", "q")
    with pytest.raises(InputError, match="needs a single feature"):
        DATASETS["nist-longley"].problem(degree=2)
