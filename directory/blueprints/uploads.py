"""The upload settings services need, read from the configuration once per request that stores or serves a file."""
from pathlib import Path

from flask import current_app

from ..services.uploads import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, UploadLimits


def upload_limits() -> UploadLimits:
    """Where uploads go (UPLOAD_FOLDER, else <instance>/uploads) and the configured size and pixel limits."""
    config = current_app.config
    configured = config.get("UPLOAD_FOLDER")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    return UploadLimits(folder=folder, max_bytes=int(config.get("UPLOAD_MAX_BYTES") or DEFAULT_MAX_BYTES),
                        max_pixels=int(config.get("UPLOAD_MAX_PIXELS") or DEFAULT_MAX_PIXELS))
