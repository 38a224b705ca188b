"""Command-line tasks: create-admin refuses weak passwords and duplicates; seed is idempotent and says so."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import User


def test_create_admin_makes_a_verified_admin(runner):
    result = runner.invoke(args=["create-admin", "--email", "Boss@Example.com", "--name", "Boss"],
                           input="correct horse battery staple\ncorrect horse battery staple\n")
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "boss@example.com"))
    assert admin.role == "admin" and admin.email_verified_at is not None
    assert admin.password_hash.startswith("$argon2id$")


def test_create_admin_refuses_a_common_password(runner):
    result = runner.invoke(args=["create-admin", "--email", "a@example.com"], input="password123\npassword123\n")
    assert result.exit_code != 0 and "common" in result.output
    assert db.session.scalar(select(User)) is None


def test_create_admin_refuses_a_second_account_for_the_same_email(runner, factories):
    factories.user(email="taken@example.com")
    result = runner.invoke(args=["create-admin", "--email", "TAKEN@example.com"],
                           input="correct horse battery staple\ncorrect horse battery staple\n")
    assert result.exit_code != 0 and "already exists" in result.output


def test_seed_if_empty_loads_once(runner):
    first = runner.invoke(args=["seed", "--if-empty"])
    assert "Loaded" in first.output and "sample data" in first.output
    second = runner.invoke(args=["seed", "--if-empty"])
    assert "already has centers" in second.output


def test_optimize_search_merges_the_text_index_in_steps_and_keeps_every_document_findable(runner):
    from sqlalchemy import insert, text

    from directory.models import Center, CenterDocument
    from directory.models.center_index import latitude_band
    from directory.services.search import SearchQuery, search
    from directory.text import search_document

    def found(q: str) -> int:
        result = search(db.session, SearchQuery(q=q, per_page=50), geocode=lambda _text: None,
                        timezone="Asia/Karachi")
        return result.total

    for batch in range(30):  # 30 writes: SQLite's index holds one segment per write until merged
        ids = range(batch * 10 + 1, batch * 10 + 11)
        db.session.execute(insert(Center), [
            {"id": n, "slug": f"c{n}", "name": f"Serene Spa {n}", "address": "x", "city": "Karachi",
             "latitude": 24.86, "longitude": 67.01, "lat_band": latitude_band(24.86), "status": "published"}
            for n in ids])
        db.session.execute(insert(CenterDocument), [{"center_id": n, "body": search_document(f"Serene Spa {n} Karachi")}
                                                    for n in ids])
        db.session.commit()
    assert (found("serene"), found("spa 12")) == (200, 11)  # 200+ (the cap); 12 and 120-129
    first = runner.invoke(args=["optimize-search"])
    second = runner.invoke(args=["optimize-search"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    if db.engine.dialect.name == "sqlite":
        assert "merged in" in first.output and "already merged" in second.output
        db.session.execute(text("INSERT INTO center_documents_fts(center_documents_fts) VALUES ('integrity-check')"))
    else:
        assert "statistics refreshed" in second.output
    assert (found("serene"), found("spa 12")) == (200, 11)
