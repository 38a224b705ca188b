"""Password rules: length 8-128, spaces and Unicode welcome, no composition rules, no common or site-word passwords."""
import pytest

from directory.services.password_policy import PasswordRejected, check_password, common_passwords

ACCEPTED = [
    "x7#kq!2m",  # 8 characters
    "a" * 7 + "Z" * 121,  # 128 characters
    "correct horse battery staple",  # spaces
    "hammock orbit tangerine",  # only lowercase letters: no composition rules
    "ماں کی دعا جنت کی ہوا",  # Urdu
    "日本語のパスワード二〇二四",  # CJK
    "Grüße aus München!",
    "sukoon is where my shoulders finally relax",  # site words inside a longer phrase
    "   leading and trailing spaces   ",
]

REJECTED = [
    ("short12", "at least 8"),  # 7 characters
    ("b" * 129, "at most 128"),
    ("", "at least 8"),
    ("password", "common"),
    ("Password1", "common"),
    ("PASSWORD123", "common"),
    ("12345678", "common"),
    ("iloveyou", "common"),
    ("qwertyuiop", "common"),
    ("pakistan123", "common"),
    ("Karachi123", "common"),
    ("bismillah786", "common"),
    ("p@ssw0rd", "common"),
    ("sukoon123", "name"),
    ("Sukoon2024!", "name"),
    ("massage1234", "name"),
    ("spaspaspa", "name"),
    ("Sukoon Spa 99", "name"),
    ("sukoonmassage", "name"),
]


@pytest.mark.parametrize("password", ACCEPTED)
def test_accepted(password):
    check_password(password, email="hina.baig@example.com", display_name="Hina B")


@pytest.mark.parametrize(("password", "reason"), REJECTED)
def test_rejected(password, reason):
    with pytest.raises(PasswordRejected, match=reason):
        check_password(password, email="hina.baig@example.com", display_name="Hina B")


@pytest.mark.parametrize("password", ["hinabaig2024", "Hina.Baig!", "baig baig 1", "zarqa999", "zarqa mirza 7"])
def test_the_users_own_email_and_name_are_refused(password):
    with pytest.raises(PasswordRejected, match="your own name or email"):
        check_password(password, email="hina.baig@example.com", display_name="Zarqa Mirza")


def test_the_same_words_are_fine_for_someone_else():
    check_password("hinabaig2024", email="someone@example.com", display_name="Someone Else")


def test_length_counts_characters_not_bytes():
    check_password("ééééééé!")  # 8 characters, 16 bytes
    with pytest.raises(PasswordRejected):
        check_password("éééééé!")  # 7 characters


def test_common_list_is_bundled_lowercased_and_large():
    common = common_passwords()
    assert len(common) >= 5000
    assert {"123456", "password", "qwerty", "iloveyou", "pakistan123", "karachi123"} <= common
    assert all(entry == entry.lower() for entry in common)
