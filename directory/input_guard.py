"""Refuse input no form or API accepts: NUL bytes (PostgreSQL cannot store them; no real text contains them)."""
from flask import Flask, request

from .errors import field_error


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes() -> None:
        if "\x00" in request.path:
            field_error("path", "The address contains a NUL character.")
        for source in (request.args, request.form):
            for key, value in source.items(multi=True):
                if "\x00" in key or "\x00" in value:
                    field_error(key.replace("\x00", ""), "Text cannot contain NUL characters.")
