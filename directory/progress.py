"""Progress bars for long commands (flask seed, backup, restore; the bench loaders): on a terminal only."""
import os
import sys

from tqdm import tqdm


def quiet() -> bool:
    """No bar in CI logs, in pipes and files, or when SUKOON_PROGRESS=0."""
    return bool(os.environ.get("CI")) or os.environ.get("SUKOON_PROGRESS") == "0" or not sys.stderr.isatty()


def progress_bar(total: int | None = None, desc: str = "", unit: str = "it", **options) -> tqdm:
    """A tqdm bar on stderr that draws nothing unless someone is watching a terminal."""
    return tqdm(total=total, desc=desc, unit=unit, disable=quiet(), file=sys.stderr, leave=False, **options)
