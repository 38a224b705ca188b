"""One stylesheet for both directions: our CSS names sides logically (inline-start/end), never left or right, so
<html dir="rtl"> mirrors every page. Vendored CSS (Leaflet, Swagger UI) is not ours and is not checked."""
import re

from directory import PROJECT_ROOT

# A physical side in a property name (margin-left, border-right-color, left:) or value (text-align/float: left).
PHYSICAL = re.compile(r"(?<![\w-])(?:[\w-]+-)?(?:left|right)(?:-[\w-]+)?\s*:|"
                      r"(?:text-align|float|clear)\s*:\s*(?:left|right)\b")
# Shorthands with different left and right values (padding: 1px 2px 3px 4px, border-radius: 6px 0 0 6px) flip nothing.
SHORTHAND = re.compile(r"(?<![\w-])(margin|padding|inset|border-radius)\s*:\s*([^;}]+)")
TOKEN = re.compile(r"[\w.-]+\([^)]*(?:\([^)]*\)[^)]*)*\)|[^\s()]+")  # calc(a + b) is one value


def uneven(prop: str, value: str) -> bool:
    values = TOKEN.findall(value)
    if prop != "border-radius":  # top right bottom left
        return len(values) == 4 and values[1] != values[3]
    if "/" in values or len(values) < 2:
        return "/" in values
    corners = values + [values[1]] if len(values) == 3 else values  # top-left top-right bottom-right bottom-left
    return corners[0] != corners[1] or corners[2] != corners[3 % len(corners)]


def sided_rules(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = [match.group(0) for match in PHYSICAL.finditer(css)]
    found += [match.group(0).strip() for match in SHORTHAND.finditer(css) if uneven(match.group(1), match.group(2))]
    return found


def test_the_detector_finds_physical_sides_and_passes_logical_ones():
    assert sided_rules(".a { margin-left: 1px; text-align: right; left: 0; border-right-color: red; "
                       "padding: 1px 2px 3px 4px; float: left; border-radius: 0 6px 6px 0 }") == [
        "margin-left:", "text-align: right", "left:", "border-right-color:", "float: left", "padding: 1px 2px 3px 4px",
        "border-radius: 0 6px 6px 0"]
    assert sided_rules(".a { margin-inline-start: 1px; text-align: end; inset-inline: 0; padding: 1px 2px 3px 2px; "
                       "padding: .4rem .5rem calc(.4rem + env(safe-area-inset-bottom)); border-radius: 6px 6px 0 0; "
                       "border-start-end-radius: 6px; filter: brightness(1.1) } /* left as it was */") == []


def test_our_stylesheets_name_no_physical_side():
    for path in sorted((PROJECT_ROOT / "static" / "css").glob("*.css")):
        assert sided_rules(path.read_text(encoding="utf-8")) == [], path.name
