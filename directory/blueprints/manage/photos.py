"""A center's photos (upload, caption, reorder, delete) and private evidence downloads. Managers and admins only.

Photo forms do not carry the listing version: they add or change one photo and cannot overwrite another manager's
edit; each change still bumps the version (touch), so a details form opened before it is refused as stale.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, Length, Optional

from ...extensions import db
from ...forms import Form
from ...services.evidence import can_view_evidence, evidence_path, find_evidence
from ...services.listings.photos import (
    CAPTION_MAX,
    MAX_PHOTOS,
    MOVES,
    add_photo,
    center_photos,
    delete_photo,
    get_center_photo,
    update_photo,
)
from ...services.uploads import describe_size, valid_key
from ..guards import get_managed_center_or_404
from ..media.files import file_response
from ..transactions import perform
from ..uploads import upload_limits
from . import bp

ACCEPT = "image/jpeg,image/png,image/webp"


class PhotoUploadForm(Form):
    photo = FileField(_l("Photo"), validators=[FileRequired(message=_l("Choose a photo to upload."))],
                      render_kw={"accept": ACCEPT})
    caption = StringField(_l("Caption (optional)"), validators=[Optional(), Length(
        max=CAPTION_MAX, message=_l("Keep the caption to %(caption_max)s characters.", caption_max=CAPTION_MAX))],
        description=_l("Say what the photo shows, for example \"Couples' massage room\". It is also the text screen "
                       "readers announce."))


class PhotoEditForm(Form):
    caption = StringField(_l("Caption"), validators=[Optional(), Length(
        max=CAPTION_MAX, message=_l("Keep the caption to %(caption_max)s characters.", caption_max=CAPTION_MAX))])
    move = HiddenField("Move", validators=[Optional(), AnyOf(MOVES, message=_l("Choose to move the photo up or "
                                                                               "down."))])


def edit_form_for(photo, form: PhotoEditForm | None = None) -> PhotoEditForm:
    """An edit form for one photo of the list, with ids unique on the page (the field names stay the same)."""
    form = form or PhotoEditForm(formdata=None, caption=photo.caption)
    form.caption.id = form.caption.label.field_id = f"caption-{photo.id}"
    form.move.id = f"move-{photo.id}"
    return form


def render_page(center, upload_form: PhotoUploadForm, failed: dict | None = None, status: int = 200):
    photos = center_photos(db.session, center)
    forms = {photo.id: edit_form_for(photo, (failed or {}).get(photo.id)) for photo in photos}
    return render_template("manage/photos.html", center=center, photos=photos, forms=forms, form=upload_form,
                           max_photos=MAX_PHOTOS, max_size=describe_size(upload_limits().max_bytes)), status


@bp.route("/centers/<slug>/photos", methods=["GET", "POST"])
@login_required
def photos(slug: str):
    center = get_managed_center_or_404(slug)
    form = PhotoUploadForm()
    if not form.is_submitted():
        return render_page(center, form)
    if not form.validate():
        return render_page(center, form, status=400)
    outcome = perform(add_photo, db.session, center, form.photo.data, form.caption.data, current_user,
                      upload_limits(), form=form)
    if outcome.stale:  # another manager's change got there first
        form.photo.errors.append(outcome.error.message)
        return render_page(center, form, status=409)
    if not outcome.ok:
        return render_page(center, form, status=400)
    flash(_("Photo added. It shows on your public page."), "success")
    return redirect(url_for("manage.photos", slug=center.slug), 303)


def _photo_or_404(center, photo_id: int):
    photo = get_center_photo(db.session, center, photo_id)
    if photo is None:
        abort(404)
    return photo


@bp.post("/centers/<slug>/photos/<int:photo_id>/update")
@login_required
def photo_update(slug: str, photo_id: int):
    center = get_managed_center_or_404(slug)
    photo = _photo_or_404(center, photo_id)
    form = PhotoEditForm()
    if not form.validate():
        return render_page(center, PhotoUploadForm(formdata=None), {photo.id: form}, status=400)
    caption = form.caption.data if form.caption.raw_data else None  # a move-only form leaves the caption alone
    outcome = perform(update_photo, db.session, center, photo, current_user, caption=caption,
                      move=form.move.data or None)
    if not outcome.ok:
        flash(outcome.error.message, "error")
        return redirect(url_for("manage.photos", slug=center.slug), 303)
    flash(_("Photo moved.") if form.move.data and caption is None else _("Photo saved."), "success")
    return redirect(url_for("manage.photos", slug=center.slug, _anchor=f"photo-{photo.id}"), 303)


@bp.post("/centers/<slug>/photos/<int:photo_id>/delete")
@login_required
def photo_delete(slug: str, photo_id: int):
    center = get_managed_center_or_404(slug)
    photo = _photo_or_404(center, photo_id)
    if not Form().validate():  # only the CSRF token
        abort(400)
    outcome = perform(delete_photo, db.session, center, photo, current_user, upload_limits().folder)
    if outcome.ok:
        flash(_("Photo deleted."), "success")
    else:
        flash(outcome.error.message, "error")
    return redirect(url_for("manage.photos", slug=center.slug), 303)


@bp.get("/evidence/<key>")
@login_required
def evidence(key: str):
    """A private evidence document, as a download: admins, its uploader and the center's managers; others 404."""
    found = find_evidence(db.session, key) if valid_key(key) else None
    if found is None or not can_view_evidence(db.session, current_user, found):
        abort(404)
    return file_response(evidence_path(upload_limits().folder, found), found.content_type,
                         filename=found.original_name or "evidence", attachment=True, cache="private, no-store")
