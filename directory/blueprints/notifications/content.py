"""What each mail says, in the recipient's language (rendered under force_locale by sender.py).

Each function takes the outbox row's payload and returns MailContent, or None when what the mail was about is gone.
User content (names, reasons, reviews) is passed in as values, never translated.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from ...extensions import db
from ...models import BookingRequest, Center, CenterClaim, ChangeReport, Review
from ...services.bookings.phones import wa_digits


@dataclass(frozen=True)
class MailContent:
    subject: str
    paragraphs: list[str]
    action: tuple[str, str] | None = None  # (label, absolute URL)
    quote: str = ""  # user content shown as a quotation (a review, a reply, a report)
    extra: dict = field(default_factory=dict)


def _booking(payload: dict) -> BookingRequest | None:
    return db.session.get(BookingRequest, payload.get("booking_id") or 0)


def _facts(b: BookingRequest) -> dict:
    return {"reference": b.reference, "center": b.center.name, "item": b.item_label,
            "date": format_date(b.requested_on, "medium"), "times": ", ".join(b.windows),
            "time": b.chosen_window or ", ".join(b.windows)}


def _status_link(b: BookingRequest, label: str | None = None) -> tuple[str, str]:
    return label or _("Open your request"), url_for("bookings.status", token=b.token, _external=True)


def booking_sent(payload: dict) -> MailContent | None:
    b = _booking(payload)
    if b is None:
        return None
    f = _facts(b)
    nxt = (_("It reaches %(center)s when you send it on WhatsApp from the request's page: the message carries the "
             "reference %(reference)s.", **f) if b.member_id is None and wa_digits(b.center.whatsapp)
           else _("%(center)s answers on the request's page, and we mail you when they do.", **f))
    return MailContent(_("Your booking request %(reference)s at %(center)s", **f), [
        _("We have your request for %(item)s on %(date)s (%(times)s).", **f), nxt,
        _("Keep this mail: its link is the way back to your request.")], _status_link(b))


def booking_confirmed(payload: dict) -> MailContent | None:
    b = _booking(payload)
    if b is None:
        return None
    f = _facts(b)
    lines = [_("%(center)s confirmed your booking %(reference)s: %(item)s on %(date)s at %(time)s.", **f)]
    if b.therapist is not None:
        lines.append(_("Your therapist: %(name)s.", name=b.therapist.name))
    lines.append(_("If you cannot come, cancel on the request's page so the center can give the time to someone "
                   "else."))
    return MailContent(_("Confirmed: %(center)s, %(date)s at %(time)s", **f), lines, _status_link(b))


def booking_declined(payload: dict) -> MailContent | None:
    b = _booking(payload)
    if b is None:
        return None
    f = _facts(b)
    return MailContent(_("%(center)s cannot take your booking request %(reference)s", **f), [
        _("%(center)s cannot take your request for %(item)s on %(date)s.", **f),
        _("Their reason: %(reason)s", reason=b.decline_reason),
        _("You can ask for another day, or find another center on Sukoon.")], _status_link(b))


def booking_proposed(payload: dict) -> MailContent | None:
    b = _booking(payload)
    if b is None or b.proposed_at is None:
        return None
    f = _facts(b)
    when = format_datetime(b.proposed_at, "medium", rebase=False)
    return MailContent(_("%(center)s proposes another time for %(reference)s", **f), [
        _("%(center)s cannot do the times you asked for, but can offer %(when)s.", when=when, **{
            k: v for k, v in f.items() if k != "when"}),
        _("Accept that time or cancel on the request's page.")], _status_link(b, _("Accept or cancel")))


def booking_cancelled(payload: dict) -> MailContent | None:
    b = _booking(payload)
    if b is None:
        return None
    f = _facts(b)
    return MailContent(_("Booking request %(reference)s cancelled", **f), [
        _("Your request at %(center)s for %(item)s on %(date)s is cancelled.", **f)], _status_link(b))


def review_invitation(payload: dict) -> MailContent | None:
    b = _booking(payload)
    if b is None or not b.review_code:
        return None
    f = _facts(b)
    link = url_for("reviews.new", slug=b.center.slug, visit_code=b.review_code, _external=True)
    return MailContent(_("How was your visit to %(center)s?", **f), [
        _("Thank you for visiting %(center)s (%(reference)s).", **f),
        _("Your visit code is %(code)s. Review the center with it and your review shows \"Verified visit\".",
          code=b.review_code)], (_("Write a review"), link))


def booking_new(payload: dict) -> MailContent | None:
    b = _booking(payload)
    if b is None:
        return None
    f = _facts(b)
    return MailContent(_("New booking request %(reference)s at %(center)s", **f), [
        _("%(name)s asks for %(item)s on %(date)s at %(times)s.", name=b.name, **f),
        _("Confirm one of the times, propose another, or decline with a reason in your booking inbox.")],
        (_("Open the booking inbox"), url_for("manage.bookings", slug=b.center.slug, _external=True)), b.note)


def _customer_answer(payload: dict, subject: str, line: str) -> MailContent | None:
    b = _booking(payload)
    if b is None:
        return None
    f = {**_facts(b), "name": b.name}
    return MailContent(subject % f, [line % f], (_("Open the booking inbox"), url_for(
        "manage.bookings", slug=b.center.slug, status=b.status, _external=True)))


def booking_customer_accept(payload: dict) -> MailContent | None:
    return _customer_answer(payload, _("%(reference)s: the customer accepted your time"),
                            _("%(name)s accepted the time you proposed for %(item)s: %(date)s at %(time)s. The "
                              "booking is confirmed."))


def booking_customer_cancel(payload: dict) -> MailContent | None:
    return _customer_answer(payload, _("%(reference)s: the customer cancelled"),
                            _("%(name)s cancelled the request for %(item)s on %(date)s. The time is free again."))


def _claim(payload: dict) -> tuple[CenterClaim | None, Center | None]:
    claim = db.session.get(CenterClaim, payload.get("claim_id") or 0)
    return (claim, db.session.get(Center, claim.center_id)) if claim is not None else (None, None)


def claim_approved(payload: dict) -> MailContent | None:
    claim, center = _claim(payload)
    if center is None:
        return None
    return MailContent(_("You now manage %(center)s on Sukoon", center=center.name), [
        _("Your claim was approved: you can now edit %(center)s's listing, answer reviews and booking requests.",
          center=center.name)],
        (_("Open your center"), url_for("manage.center_home", slug=center.slug, _external=True)))


def claim_rejected(payload: dict) -> MailContent | None:
    claim, center = _claim(payload)
    if center is None:
        return None
    return MailContent(_("Your claim on %(center)s was not approved", center=center.name), [
        _("The reason: %(reason)s", reason=claim.decision_reason),
        _("You can send a new claim with other evidence.")],
        (_("See your claims"), url_for("manage.my_claims", _external=True)))


def review_new(payload: dict) -> MailContent | None:
    review = db.session.get(Review, payload.get("review_id") or 0)
    if review is None:
        return None
    center = review.center
    return MailContent(_("New review of %(center)s: %(stars)s of 5 stars", center=center.name, stars=review.rating), [
        _("%(name)s reviewed %(center)s.", name=review.author.display_name, center=center.name),
        _("A short, polite public reply shows future customers that you listen.")],
        (_("Read and reply"), url_for("reviews.reply", review_id=review.id, _external=True)),
        review.title + ("\n" if review.title else "") + review.body)


def reply_new(payload: dict) -> MailContent | None:
    review = db.session.get(Review, payload.get("review_id") or 0)
    if review is None or review.reply is None:
        return None
    center = review.center
    return MailContent(_("%(center)s replied to your review", center=center.name), [
        _("%(center)s wrote a public reply to your review.", center=center.name)],
        (_("See it on the center's page"), url_for("reviews.index", slug=center.slug, _external=True)),
        review.reply.body)


def report_new(payload: dict) -> MailContent | None:
    report = db.session.get(ChangeReport, payload.get("report_id") or 0)
    if report is None:
        return None
    center = report.center
    return MailContent(_("A change was reported on %(center)s", center=center.name), [
        _("A visitor says something on %(center)s's listing has changed. Accept the report after you fix the "
          "listing, or dismiss it.", center=center.name)],
        (_("Open reported changes"), url_for("manage.reports", slug=center.slug, _external=True)), report.details)


CONTENT: dict[str, Callable[[dict], MailContent | None]] = {
    function.__name__: function for function in (
        booking_sent, booking_confirmed, booking_declined, booking_proposed, booking_cancelled, review_invitation,
        booking_new, booking_customer_accept, booking_customer_cancel, claim_approved, claim_rejected, review_new,
        reply_new, report_new)
}
