"""`next` targets: only relative paths on this site survive."""
import pytest

from directory.urls import safe_next


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "JavaScript:alert(1)",
    "////evil.example", "http:/evil.example", "/\t/evil.example", "/\n/evil.example", " /centers", "\\\\evil.example",
    "evil.example/centers", "data:text/html,hi", "/centers\x00", "/centers\x7f", "", None, "/" + "a" * 2000,
])
def test_refused(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/", "/centers/x", "/search/?q=clifton&open_now=1", "/accounts/me#reviews",
                                    "/centers/caf%C3%A9", "/%2F%2Fevil.example"])
def test_accepted(target):
    assert safe_next(target) == target
