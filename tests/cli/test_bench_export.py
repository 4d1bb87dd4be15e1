"""The bench's GIF figure (issue 14, point 6): its name says GIF, its target is 1.5 and `met`
agrees with the ratio. Sizes are reported, never asserted (they belong to `main.py bench`)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ("import json; from dataclasses import asdict; from cli.bench import Figure; "
          "from cli.bench_export import gif_figures; print(json.dumps([asdict(f) for f in gif_figures(Figure)]))")


def test_the_gif_figure_compares_bytes_per_frame_with_its_target():
    env = {**os.environ, "LSQLAB_BENCH_ROWS": "2000", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    (figure,) = json.loads(done.stdout.strip().splitlines()[-1])
    assert "GIF" in figure["name"] and "960x540" in figure["name"]
    assert figure["target"] == 1.5 and figure["ratio"] > 0
    assert figure["met"] == (figure["ratio"] <= figure["target"])
    assert "kB" in figure["detail"] and "per frame" in figure["detail"]
