"""Security headers on every response: CSP without inline code, nosniff, no framing, HSTS over HTTPS."""
from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",  # all code lives in static/js; the JSON-LD block is data, which CSP does not run
    "style-src 'self'",  # Leaflet positions tiles through element.style (CSSOM), which CSP allows
    "img-src 'self' data: https://tile.openstreetmap.org",  # map tiles are images and nothing else
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP level 2
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    """Set each header unless the view chose a stricter value itself."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:  # over plain HTTP browsers ignore it, and it would pin a site that has no TLS yet
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
