"""Words a student understands: what the app shows (data set names, solver summaries and settings,
the model's options) never speaks of "the seed", a word of the project's own (its source
material) that students do not have. The data sets' command-line keys (`seed-2pt`) may keep it, and
"seed" as a random generator's seed is a different word."""

from __future__ import annotations

import re

import pytest

from engine import SOLVERS
from engine.datasets import DATASETS, GROUPS

#: "the seed", "the seed's", "Seed:" (a title) — not a key such as seed-2pt.
PROJECT_WORD = re.compile(r"\bthe seed\b|\bseed's\b|\bseed:", re.IGNORECASE)


def shown_texts():
    for data_set in DATASETS.values():
        yield f"data set {data_set.name}", data_set.title
        yield f"data set {data_set.name}", data_set.description
    for group in GROUPS:
        yield "data set group", group
    for spec in SOLVERS:
        yield f"solver {spec.name}", spec.label
        yield f"solver {spec.name}", spec.summary
        for hyperparameter in spec.hyperparameters:
            if hyperparameter.name == "seed":  # the random generator's seed: another word
                continue
            yield f"{spec.name}.{hyperparameter.name}", hyperparameter.help


@pytest.mark.parametrize(("where", "text"), list(shown_texts()))
def test_no_shown_text_speaks_of_the_seed(where, text):
    assert not PROJECT_WORD.search(text), f"{where}: {text!r}"


def test_the_model_options_speak_of_the_textbook():
    from gui.panels.model_controls import BASIS_HELP, BASIS_LABELS, LOSS_HELP, LOSS_LABELS

    for text in (*BASIS_LABELS.values(), *LOSS_LABELS.values(), *BASIS_HELP.values(), *LOSS_HELP.values()):
        assert not PROJECT_WORD.search(text), text
