"""Email-link tokens: signed, expiring, bound to one purpose, and spent once used."""
import pytest

from directory.extensions import db
from directory.services import accounts, tokens
from directory.services.tokens import RESET_PASSWORD, VERIFY_EMAIL, TokenInvalid, read_token

SECRET = "test-secret-key-that-is-long-enough-for-tests"


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock the tokens module reads; move it with `clock.now += seconds`."""
    class Clock:
        now = 1_750_000_000.0

    monkeypatch.setattr(tokens, "_clock", lambda: Clock.now)
    return Clock


@pytest.fixture
def member(factories):
    return factories.user(password="old horse battery", verified=False)


def read(purpose, token):
    return read_token(db.session, SECRET, purpose, token)


def test_verification_token_names_the_user(member):
    assert read(VERIFY_EMAIL, tokens.verification_token(SECRET, member)) == member


@pytest.mark.parametrize(("purpose", "make", "lifetime"), [
    (VERIFY_EMAIL, tokens.verification_token, 48 * 3600),
    (RESET_PASSWORD, tokens.reset_token, 3600),
])
def test_tokens_expire(member, clock, purpose, make, lifetime):
    token = make(SECRET, member)
    clock.now += lifetime
    assert read(purpose, token) == member
    clock.now += 1
    with pytest.raises(TokenInvalid) as caught:
        read(purpose, token)
    assert caught.value.reason == "expired"


def test_verification_token_is_dead_once_verified(member):
    token = tokens.verification_token(SECRET, member)
    accounts.verify_email(db.session, read(VERIFY_EMAIL, token))
    with pytest.raises(TokenInvalid, match="used"):
        read(VERIFY_EMAIL, token)


def test_reset_token_works_once(member):
    token = tokens.reset_token(SECRET, member)
    accounts.reset_password(db.session, read(RESET_PASSWORD, token), "a new quiet evening")
    with pytest.raises(TokenInvalid, match="used"):
        read(RESET_PASSWORD, token)


def test_reset_token_dies_when_the_sessions_are_revoked(member):
    token = tokens.reset_token(SECRET, member)
    accounts.revoke_sessions(member)
    with pytest.raises(TokenInvalid, match="used"):
        read(RESET_PASSWORD, token)


def test_a_token_for_one_purpose_is_refused_for_the_other(member):
    with pytest.raises(TokenInvalid):
        read(RESET_PASSWORD, tokens.verification_token(SECRET, member))
    with pytest.raises(TokenInvalid):
        read(VERIFY_EMAIL, tokens.reset_token(SECRET, member))


def test_tampered_or_foreign_tokens_are_refused(member, factories):
    token = tokens.reset_token(SECRET, member)
    payload, _, rest = token.partition(".")
    other = factories.user(password="another long phrase")
    forged = tokens.reset_token(SECRET, other).partition(".")[0] + "." + rest  # someone else's payload, my signature
    for bad in [token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1], forged, "", "not-a-token",
                tokens.reset_token("another-secret-key-entirely-different", member)]:
        with pytest.raises(TokenInvalid):
            read(RESET_PASSWORD, bad)


def test_tokens_do_not_carry_the_password_hash(member):
    valid, payload = tokens._serializer(SECRET, RESET_PASSWORD).loads_unsafe(tokens.reset_token(SECRET, member))
    assert valid and set(payload) == {"uid", "s"}
    assert member.password_hash not in str(payload) and "argon2" not in str(payload)


def test_sample_users_get_no_tokens_that_work(factories):
    sample = factories.user(is_sample=True)
    with pytest.raises(TokenInvalid, match="user"):
        read(RESET_PASSWORD, tokens.reset_token(SECRET, sample))
