"""Editing a listing: details, location, menu, weekly hours, special closures, and confirming it is current.

Managers of the center and admins only (others 404). Every save passes the version the form was drawn from to the
service (a stale one is refused), is audited and redirects; a stale save re-renders with the current data and 409.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...models import Center
from ...services.centers import all_services
from ...services.hours import DAY_KEYS, closure_label, local_now
from ...services.listings.edits import (
    Details,
    MenuLine,
    add_menu_line,
    confirm_current,
    delete_menu_line,
    find_location,
    get_menu_line,
    set_location,
    update_details,
    update_menu_line,
)
from ...services.listings.schedule import add_closure, delete_closure, get_closure, replace_week
from ..common import app_geocode
from ..guards import get_managed_center_or_404
from ..transactions import perform
from . import bp
from .listing_forms import (
    ClosureForm,
    ConfirmForm,
    DetailsForm,
    FindForm,
    HoursForm,
    ListingForm,
    LocationForm,
    MenuLineForm,
    hours_data,
    week_from,
)

PAGES = {"details": "manage.edit_details", "location": "manage.edit_location", "menu": "manage.edit_menu",
         "hours": "manage.edit_hours", "home": "manage.center_home"}
GUESS_PRECISION = {"address": "from the street address", "area": "from the area only: move the pin to the door",
                   "city": "from the city only: move the pin to the door"}
NOT_FOUND = _l("We could not find this address. Place the pin on the map, or type the latitude and longitude "
               "(right-click the place in an online map to copy them).")


def _page(template: str, center: Center, page: str, status: int = 200, **context):
    confirm = ConfirmForm(formdata=None, prefix="confirm", version=center.version, back=page)
    return render_template(f"manage/{template}.html", center=center, confirm_form=confirm, **context), status


@bp.route("/centers/<slug>/details", methods=["GET", "POST"])
@login_required
def edit_details(slug: str):
    center = get_managed_center_or_404(slug)
    form = DetailsForm() if request.method == "POST" else DetailsForm(obj=center)
    if form.validate_on_submit():
        details = Details(**{name: form[name].data for name in Details.__dataclass_fields__})
        outcome = perform(update_details, db.session, current_user, center, details, version=form.version.data,
                          form=form)
        if outcome.stale:
            return _page("edit_details", center, "details", 409, form=DetailsForm(formdata=None, obj=center),
                         problem=outcome.error.message)
        if outcome.ok:
            flash(_("Details saved."), "success")
            return redirect(url_for("manage.edit_details", slug=center.slug))
    return _page("edit_details", center, "details", form=form)


def _location_page(center: Center, form: LocationForm, find_form: FindForm, status: int = 200, found=None,
                   problem: str | None = None):
    return _page("edit_location", center, "location", status, form=form, find_form=find_form, problem=problem,
                 found=found, precision=GUESS_PRECISION)


def _find(center: Center, find_form: FindForm):
    """Ask the address finder where the listing is; the pin it suggests is shown for the owner to check and save."""
    form = LocationForm(formdata=None, obj=center, version=center.version)
    if not find_form.validate_on_submit():
        return _location_page(center, form, find_form)
    outcome = perform(find_location, center, app_geocode)  # commits the geocoder's cache only
    found = outcome.value
    if found is None:
        return _location_page(center, form, find_form, problem=outcome.error.message if outcome.error else NOT_FOUND)
    form = LocationForm(formdata=None, latitude=found.place.latitude, longitude=found.place.longitude,
                        version=find_form.version.data)
    return _location_page(center, form, find_form, found=found)


@bp.route("/centers/<slug>/location", methods=["GET", "POST"])
@login_required
def edit_location(slug: str):
    center = get_managed_center_or_404(slug)
    find_form = FindForm(prefix="find", version=center.version)
    if request.method == "POST" and find_form.find.data:
        return _find(center, find_form)
    form = LocationForm(obj=center) if request.method == "GET" else LocationForm()
    if form.validate_on_submit():
        outcome = perform(set_location, db.session, current_user, center, form.latitude.data, form.longitude.data,
                          version=form.version.data, form=form)
        if outcome.stale:
            return _location_page(center, LocationForm(formdata=None, obj=center), find_form, 409,
                                  problem=outcome.error.message)
        if outcome.ok:
            flash(_("Location saved. The map and distance searches now use the new pin."), "success")
            return redirect(url_for("manage.edit_location", slug=center.slug))
    return _location_page(center, form, find_form)


def _line_form(**kwargs) -> MenuLineForm:
    form = MenuLineForm(**kwargs)
    form.service_id.choices = [SelectChoice("", _("Choose a massage type"))] + [
        SelectChoice(service.id, service.name) for service in all_services(db.session)]
    return form


def _menu_page(center: Center, form: MenuLineForm | None = None, editing=None, problem: str | None = None,
               status: int = 200):
    if form is None:
        form = _line_form(formdata=None, obj=editing, version=center.version)
    return _page("edit_menu", center, "menu", status, form=form, editing=editing, problem=problem)


@bp.get("/centers/<slug>/menu")
@login_required
def edit_menu(slug: str):
    center = get_managed_center_or_404(slug)
    editing = None
    if request.args.get("edit"):
        editing = get_menu_line(db.session, center, request.args.get("edit", type=int) or 0)
        if editing is None:
            abort(404)
    return _menu_page(center, editing=editing)


def _menu_line(form: MenuLineForm) -> MenuLine:
    return MenuLine(service_id=form.service_id.data, name=form.name.data or "",
                    description=form.description.data or "", duration_min=form.duration_min.data,
                    price_pkr=form.price_pkr.data)


def _menu_save(center: Center, form, service, *args, editing=None, done: str):
    """Run one menu change through perform; a stale one shows the menu as it now is (409)."""
    outcome = perform(service, db.session, current_user, center, *args, version=form.version.data, form=form)
    if outcome.stale:
        return _menu_page(center, editing=get_menu_line(db.session, center, editing.id) if editing else None,
                          problem=outcome.error.message, status=409)
    if not outcome.ok:
        return _menu_page(center, form, editing)
    flash(done, "success")
    return redirect(url_for("manage.edit_menu", slug=center.slug))


def _menu_line_or_404(center: Center, line_id: int):
    row = get_menu_line(db.session, center, line_id)
    if row is None:
        abort(404)
    return row


@bp.post("/centers/<slug>/menu/add")
@login_required
def menu_add(slug: str):
    center = get_managed_center_or_404(slug)
    form = _line_form()
    if not form.validate_on_submit():
        return _menu_page(center, form)
    return _menu_save(center, form, add_menu_line, _menu_line(form), done=_("Added to your menu."))


@bp.post("/centers/<slug>/menu/<int:line_id>")
@login_required
def menu_update(slug: str, line_id: int):
    center = get_managed_center_or_404(slug)
    row = _menu_line_or_404(center, line_id)
    form = _line_form()
    if not form.validate_on_submit():
        return _menu_page(center, form, row)
    return _menu_save(center, form, update_menu_line, row, _menu_line(form), editing=row, done=_("Menu line saved."))


@bp.post("/centers/<slug>/menu/<int:line_id>/delete")
@login_required
def menu_delete(slug: str, line_id: int):
    center = get_managed_center_or_404(slug)
    row = _menu_line_or_404(center, line_id)
    form = ListingForm()
    if not form.validate_on_submit():
        abort(400)
    return _menu_save(center, form, delete_menu_line, row, done=_("Removed %(name)s from your menu.", name=row.name))


def _hours_page(center: Center, form: HoursForm | None = None, closure_form: ClosureForm | None = None,
                status: int = 200, **context):
    today = local_now(center.timezone).date()
    crowded = [day for day in range(7) if sum(row.weekday == day for row in center.hours) > 2]
    return _page("edit_hours", center, "hours", status, form=form or HoursForm(formdata=None, data=hours_data(center)),
                 closure_form=closure_form or ClosureForm(formdata=None, prefix="closure", version=center.version),
                 closures=[(closure, closure_label(closure, today)) for closure in center.closures
                           if closure.ends_on >= today],
                 crowded=crowded, day_keys=DAY_KEYS, **{"problems": {}, **context})


@bp.route("/centers/<slug>/hours", methods=["GET", "POST"])
@login_required
def edit_hours(slug: str):
    center = get_managed_center_or_404(slug)
    if request.method == "GET":
        return _hours_page(center)
    form = HoursForm()
    week, problems = week_from(form)  # also when a time is garbled, so every problem shows at once
    if form.validate_on_submit() and not problems:
        outcome = perform(replace_week, db.session, current_user, center, week, version=form.version.data)
        if outcome.stale:
            return _hours_page(center, problem=outcome.error.message, status=409)
        if outcome.ok:
            flash(_("Opening hours saved."), "success")
            return redirect(url_for("manage.edit_hours", slug=center.slug))
        day = outcome.error.field  # the weekday at fault (a number), shown on that day's row
        problems[DAY_KEYS[day] if isinstance(day, int) else "mon"] = outcome.error.message
    return _hours_page(center, form, problems=problems)


@bp.post("/centers/<slug>/closures/add")
@login_required
def closure_add(slug: str):
    center = get_managed_center_or_404(slug)
    form = ClosureForm(prefix="closure")
    if form.validate_on_submit():
        outcome = perform(add_closure, db.session, current_user, center, form.starts_on.data, form.ends_on.data,
                          form.reason.data, local_now(center.timezone).date(), version=form.version.data, form=form)
        if outcome.stale:
            return _hours_page(center, problem=outcome.error.message, status=409)
        if outcome.ok:
            flash(_("Special closure added: visitors see it on your page and you show as closed on those days."),
                  "success")
            return redirect(url_for("manage.edit_hours", slug=center.slug))
    return _hours_page(center, closure_form=form)


@bp.post("/centers/<slug>/closures/<int:closure_id>/delete")
@login_required
def closure_delete(slug: str, closure_id: int):
    center = get_managed_center_or_404(slug)
    closure = get_closure(db.session, center, closure_id)
    if closure is None:
        abort(404)
    form = ListingForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = perform(delete_closure, db.session, current_user, center, closure, version=form.version.data)
    if outcome.stale:
        return _hours_page(center, problem=outcome.error.message, status=409)
    flash(_("Special closure removed."), "success")
    return redirect(url_for("manage.edit_hours", slug=center.slug))


@bp.post("/centers/<slug>/confirm")
@login_required
def confirm_listing(slug: str):
    center = get_managed_center_or_404(slug)
    form = ConfirmForm(prefix="confirm")
    back = PAGES.get(form.back.data or "", "manage.edit_details")
    if not form.validate_on_submit():
        abort(400)
    outcome = perform(confirm_current, db.session, current_user, center, version=form.version.data)
    if outcome.stale:
        flash(outcome.error.message.replace("the form now shows", "the page now shows"), "error")
    else:
        flash(_("Thank you: your page now says the listing was confirmed today."), "success")
    return redirect(url_for(back, slug=center.slug))
