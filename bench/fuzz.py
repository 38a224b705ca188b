"""Fuzz pass: every route, every form field name, hypothesis-generated values; counts inputs tried and 5xx seen.

    .venv/bin/python bench/fuzz.py --examples 300

Runs in-process (Flask test client) on a fresh seeded SQLite database, as an admin, a member and anonymously,
with CSRF off (CSRF refusals would hide what the views do with the input). Every GET route gets random query
strings; every POST route gets random form bodies built from the union of all form field names in the app.
"""
import argparse
import importlib
import inspect
import logging
import pkgutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g
from flask_migrate import upgrade
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from directory import PROJECT_ROOT, create_app
from directory import blueprints as blueprint_package
from directory.extensions import db
from directory.models import User
from directory.models.base import utcnow
from directory.services.seeding import load_seeds

SAMPLE_ARGS = {"slug": "the-raintree-spa", "review_id": 1, "token": "x"}


def form_field_names() -> set[str]:
    """Every field name of every FlaskForm in the blueprints (fields are UnboundField class attributes)."""
    names = set()
    for module in pkgutil.walk_packages(blueprint_package.__path__, "directory.blueprints."):
        if module.name.endswith(".forms"):
            for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                if issubclass(cls, FlaskForm):
                    for klass in cls.__mro__:
                        names |= {name for name, value in vars(klass).items() if isinstance(value, UnboundField)}
    return names


def build_app(folder: Path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'fuzz.db'}", "SECRET_KEY": "f" * 40,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "CACHE_TYPE": "NullCache",
                      "MAIL_LOG_PATH": str(folder / "mail.log"), "TESTING": False})

    @app.before_request
    def fresh_user() -> None:
        g.pop("_login_user", None)

    with app.app_context():
        upgrade()  # the real schema, so /readyz is ready too
        load_seeds(db.session, PROJECT_ROOT / "seeds", timezone="Asia/Karachi")
        users = {role: User(email=f"{role}@fuzz.example", display_name=role.title(), role=role,
                            email_verified_at=utcnow()) for role in ("member", "owner", "admin")}
        db.session.add_all(users.values())
        db.session.commit()
        ids = {role: user.get_id() for role, user in users.items()}
    return app, ids


def fuzz_route(client, url: str, method: str, bodies, examples: int, tried: Counter, errors: list) -> None:
    """Send `examples` generated bodies (POST) or query strings (GET) to one route; record any 5xx."""

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(body=bodies)
    def hit(body):
        kwargs = {"data": body} if method == "POST" else {"query_string": body}
        response = client.open(url, method=method, **kwargs)
        tried[method] += 1
        if response.status_code >= 500:
            errors.append((method, url, body, response.status_code))

    hit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="hypothesis examples per route and identity")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # one access line per input would drown the result
    app, ids = build_app(Path(tempfile.mkdtemp(prefix="sukoon-fuzz-")))
    fields = sorted(form_field_names() | {"q", "near", "lat", "lng", "radius_km", "service", "page", "sort",
                                          "stars", "next", "email", "password"})
    text = st.one_of(st.text(max_size=200), st.sampled_from(["", "0", "-1", "1e309", "nan", "5", "2026-13",
                                                             "<script>", "' OR 1=1 --", "../../etc/passwd"]))
    bodies = st.dictionaries(st.sampled_from(fields), text, max_size=8)
    tried, errors = Counter(), []
    rules = [rule for rule in app.url_map.iter_rules() if not rule.rule.startswith("/static")]
    for identity in (None, "member", "admin"):
        client = app.test_client()
        if identity:
            with client.session_transaction() as session:
                session["_user_id"] = ids[identity]
        for rule in rules:
            url = rule.build({name: SAMPLE_ARGS.get(name, 1) for name in rule.arguments})[1]
            method = "POST" if "POST" in rule.methods else "GET"
            with app.app_context():
                fuzz_route(client, url, method, bodies, args.examples, tried, errors)
    total = sum(tried.values())
    print(f"| inputs tried | GET | POST | routes | 5xx |\n|---:|---:|---:|---:|---:|\n"
          f"| {total:,} | {tried['GET']:,} | {tried['POST']:,} | {len(rules)} | {len(errors)} |")
    for method, url, body, status in errors[:20]:
        print(f"5xx: {status} {method} {url} {body!r}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
