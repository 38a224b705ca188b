"""Factories that build valid rows with sensible defaults: `factories.center(name=...)`."""
import functools
import itertools
from datetime import time

from directory.models import (
    Center,
    CenterManager,
    CenterService,
    Credential,
    OpeningHours,
    Review,
    Service,
    Therapist,
    User,
)
from directory.models.base import utcnow
from directory.passwords import hash_password
from directory.services.reviews.ratings import recompute_rating

_numbers = itertools.count(1)
_hash_once = functools.cache(hash_password)  # argon2id is slow on purpose; tests reuse one hash per password


class Factories:
    def __init__(self, session):
        self.session = session

    def _save(self, instance):
        self.session.add(instance)
        self.session.commit()
        return instance

    def service(self, **overrides) -> Service:
        n = next(_numbers)
        values = {"slug": f"service-{n}", "name": f"Service {n}", "summary": "A massage.", "best_for": ["stress"],
                  "cautions": ["Ask a doctor first after recent surgery."]}
        return self._save(Service(**{**values, **overrides}))

    def center(self, *, menu: list[tuple] | None = None, hours: dict | None = None, **overrides) -> Center:
        """`menu` is [(service, minutes, price)]; `hours` maps weekday to [(opens, closes)]."""
        n = next(_numbers)
        values = {"slug": f"center-{n}", "name": f"Center {n}", "kind": "day_spa", "address": f"{n} Sea View Road",
                  "area": "Clifton", "city": "Karachi", "latitude": 24.8138, "longitude": 67.03,
                  "status": "published", "phone": "+92 21 3583 0000", "whatsapp": "+92 300 1234567"}
        center = Center(**{**values, **overrides})
        for position, (service, minutes, price) in enumerate(menu or []):
            center.menu.append(CenterService(service=service, name=service.name, duration_min=minutes,
                                             price_pkr=price, position=position))
        for weekday, spans in (hours or {}).items():
            for opens, closes in spans:
                center.hours.append(OpeningHours(weekday=weekday, opens_at=time.fromisoformat(opens),
                                                 closes_at=time.fromisoformat(closes)))
        return self._save(center)

    def therapist(self, center: Center, **overrides) -> Therapist:
        n = next(_numbers)
        values = {"slug": f"therapist-{n}", "name": f"Therapist {n}", "gender": "female", "years_practice": 5}
        return self._save(Therapist(center=center, **{**values, **overrides}))

    def credential(self, therapist: Therapist, **overrides) -> Credential:
        values = {"kind": "certification", "issuer": "ITEC", "number": "X-1", "status": "pending"}
        return self._save(Credential(therapist=therapist, **{**values, **overrides}))

    def user(self, *, password: str | None = None, verified: bool = True, **overrides) -> User:
        """A member with a verified email by default; `password` sets an argon2id hash."""
        n = next(_numbers)
        values = {"email": f"user{n}@example.com", "display_name": f"User {n}",
                  "email_verified_at": utcnow() if verified else None,
                  "password_hash": _hash_once(password) if password else None}
        return self._save(User(**{**values, **overrides}))

    def manager(self, center: Center, user: User | None = None) -> User:
        """An owner account that manages `center`."""
        user = user or self.user(role="owner")
        self._save(CenterManager(center=center, user=user))
        return user

    def review(self, center: Center, **overrides) -> Review:
        author = overrides.pop("author", None) or self.user()
        values = {"rating": 4, "title": "Good", "body": "Nice place."}
        review = self._save(Review(center=center, author=author, **{**values, **overrides}))
        recompute_rating(self.session, center.id)
        self.session.commit()
        self.session.refresh(center)
        return review
