"""Decoding an upload has a memory bound, measured in a fresh process (the issue's 7990x4990 PNG took 723 MiB)."""
import json
import subprocess
import sys

import pytest
from PIL import Image

from directory import PROJECT_ROOT

from ..images import flat_png


def decode_peak(path) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.decode_peak", str(path)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_small_png_of_40_megapixels_is_refused_before_decoding(tmp_path):
    path = tmp_path / "wide.png"
    path.write_bytes(flat_png(7990, 4990))
    assert path.stat().st_size < 200 * 1024
    result = decode_peak(path)
    assert "too many pixels" in result["outcome"]
    assert result["peak_mib"] < 16, result


@pytest.mark.parametrize("name, size, bound_mib", [
    ("largest.png", (3990, 3990), 160),  # the most a PNG may decode: 16 MP
    ("phone-50mp.jpg", (8160, 6120), 120),  # a 50 MP phone photo: decoded at half scale
])
def test_the_largest_accepted_images_stay_under_a_memory_bound(tmp_path, name, size, bound_mib):
    path = tmp_path / name
    Image.new("RGB", size, "teal").save(path, quality=85)
    result = decode_peak(path)
    assert result["outcome"].startswith("stored 2048x"), result
    assert result["peak_mib"] < bound_mib, result
