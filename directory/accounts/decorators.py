"""Who may see a page. Other features import these names; keep them stable (see docs/accounts.md).

- `provider_required`: signed in and acting for an organisation (`current_user.organisation` is set).
  A provider still waiting for a join request goes to the "waiting for approval" page; staff without an
  organisation get 403.
- `moderator_required`: signed in as a moderator or admin, else 403.
- `admin_required`: signed in as an admin, else 403.
- `signed_in_required`: signed in, whatever the role.
Anyone not signed in is sent to the sign-in page, and comes back afterwards.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, redirect, url_for
from flask_login import current_user

from directory.extensions import login_manager


def _signed_in_then(check):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            refusal = check(current_user)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _acts_for_an_organisation(user):
    if user.organisation_id is not None:
        return None
    if user.is_moderator:
        abort(403)
    return redirect(url_for("accounts.waiting"))


def _is_moderator(user):
    return None if user.is_moderator else abort(403)


def _is_admin(user):
    return None if user.is_admin else abort(403)


signed_in_required = _signed_in_then(lambda user: None)
provider_required = _signed_in_then(_acts_for_an_organisation)
moderator_required = _signed_in_then(_is_moderator)
admin_required = _signed_in_then(_is_admin)
