"""The API reference page: Swagger UI (vendored) over the generated OpenAPI document, under the site's CSP."""
from flask import Blueprint, render_template, url_for

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
def index():
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))
