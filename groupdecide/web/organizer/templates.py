"""Decision templates on the organizer pages: "Save as a template" on the admin page, and
"Start from a template" on the create page (``?template=<id>`` fills the form; nothing is
created before it is sent)."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError
from groupdecide.models import DecisionTemplate
from groupdecide.services import templates
from groupdecide.web.forms import COMMON_FLAGS, CreateForm, read_form

from . import _admin, _failed, _see_other, bp


@bp.app_template_global("tenant_templates")
def tenant_templates() -> list[DecisionTemplate]:
    """The tenant's templates, for the create page's picker."""
    return templates.list_templates()


def template_form(args: MultiDict[str, str]) -> CreateForm | None:
    """The create form filled from the template ``args["template"]`` (None without one; an
    unknown id is a 404). It is read as if the form had been sent with the template's values,
    so each method's own fields take the settings of the same name."""
    raw = args.get("template")
    if not raw:
        return None
    tpl = templates.get_template(raw)
    body = templates.create_body(tpl)
    data: MultiDict[str, str] = MultiDict()
    data["method"] = body["method"]
    data["title"] = body["title"]
    data["description"] = body["description"]
    settings: dict[str, Any] = body["settings"]
    for key, value in settings.items():
        if key in COMMON_FLAGS:
            if value:
                data[key] = "1"
        elif isinstance(value, bool):
            data[key] = "1" if value else ""
        elif isinstance(value, (str, int, float)):
            data[key] = str(value)
    for option in body["options"]:
        if option.get("passive"):
            data["passive_label"] = option["label"]
        else:
            data.add("option", option["label"])
    return read_form(data)


@bp.post("/d/<decision_id>/admin/template")
def save_template(decision_id: str) -> Response | tuple[str, int]:
    """Save the decision as a template of the tenant, offered on the create page."""
    decision, token = _admin(decision_id)
    name = request.form.get("template_name", "")
    try:
        templates.save_template(decision, name)
    except DomainError as exc:
        if exc.fields and "name" in exc.fields:
            exc.fields = {"template_name": exc.fields["name"]}
        return _failed(decision, token, exc, values={"template_name": name})
    flash(_("Saved as a template. It is offered when a decision is started here."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="save-template")
