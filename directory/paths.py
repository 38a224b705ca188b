"""Where the project's own files are (a leaf module: anything may import it)."""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
