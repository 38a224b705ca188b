"""Steps the account tests share: fill in the forms, read the mail log, copy cookies between clients."""
import re

PASSWORD = "quiet tea in clifton"
HOST = "sukoon.test"  # SERVER_NAME of the test app


def register(client, email="hina@example.com", name="Hina", password=PASSWORD, confirm=None):
    return client.post("/accounts/register", data={"email": email, "display_name": name, "password": password,
                                                   "confirm": password if confirm is None else confirm})


def login(client, email, password=PASSWORD, remember=False, next_=None):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/accounts/login", data=data, query_string={"next": next_} if next_ else None)


def mail_links(path) -> list[str]:
    """Every link in the mail log, oldest first."""
    return re.findall(r"https?://\S+", path.read_text(encoding="utf-8")) if path.exists() else []


def cookie(client, name: str) -> str | None:
    found = client.get_cookie(name, domain=HOST)
    return found.value if found else None


def client_with(app, **cookies):
    """A new browser holding copies of someone's cookies."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value, domain=HOST)
    return other
