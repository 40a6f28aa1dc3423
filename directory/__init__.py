"""The Life Sciences Skills Directory: a searchable, UK-wide directory of life sciences skills provision."""

from __future__ import annotations

from flask import Flask

from directory.config import PROJECT_ROOT, load_config
from directory.numbers import whole_number


def create_app(config: dict | None = None) -> Flask:
    """Build the app. Each step is named; read them in order to see what the app is made of."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(load_config(config))
    register_operations(app)
    register_extensions(app)
    register_templating(app)
    register_request_guards(app)
    register_blueprints(app)
    register_search_sync(app)
    register_error_handlers(app)
    register_commands(app)
    register_security_headers(app)
    register_proxy(app)
    return app


def register_operations(app: Flask) -> None:
    """Logging with request ids and Prometheus metrics, first so that they see every request (directory/ops); the
    privacy pages, retention purge and account closing (directory/privacy)."""
    from directory import ops, privacy

    ops.init_app(app)
    privacy.init_app(app)


def register_proxy(app: Flask) -> None:
    """Behind nginx (PROXY_HOPS=1), take the client's address, scheme and host from the X-Forwarded-* headers the
    proxy sets, so rate limits count clients rather than the proxy, and links and secure cookies use https."""
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    from directory.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    from directory import audit  # noqa: F401
    from directory.accounts import models as account_models
    from directory.alerts import models as alert_models  # noqa: F401
    from directory.freshness import models as freshness_models  # noqa: F401
    from directory.listings import changelog as change_log_models  # noqa: F401  (and its session events)
    from directory.listings import models as listing_models  # noqa: F401
    from directory.mail import models as mail_models  # noqa: F401
    from directory.public_forms import models as public_forms_models  # noqa: F401
    from directory.submissions import identity as identity_models  # noqa: F401
    from directory.submissions import models as submission_models  # noqa: F401

    @login_manager.user_loader
    def load_user(user_id: str):
        number = whole_number(user_id)
        return None if number is None else db.session.get(account_models.User, number)


def register_templating(app: Flask) -> None:
    """Jinja's loaders and strictness, then every filter, global and context processor (directory/templating.py)."""
    from directory import templating

    templating.configure_jinja(app)
    templating.register_filters(app)
    templating.register_globals(app)
    templating.register_context_processors(app)


def register_request_guards(app: Flask) -> None:
    """Refuse, as "not found", addresses that no page could answer and the database could not even be asked about:
    ids beyond the integer columns' range (a bounded `int` converter) and paths with NUL bytes."""
    from flask import abort, request
    from werkzeug.routing import IntegerConverter

    from directory.numbers import MAX_ID

    class DatabaseInteger(IntegerConverter):
        def __init__(self, map, *args, **kwargs):
            kwargs.setdefault("max", MAX_ID)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseInteger

    @app.before_request
    def refuse_nul_in_path():
        if "\x00" in request.path:
            abort(404)


def register_blueprints(app: Flask) -> None:
    """Every feature's pages, in the order a visitor meets them."""
    from directory.accounts.claim_views import bp as claims
    from directory.accounts.views import bp as accounts
    from directory.alerts.views import bp as alerts
    from directory.api.pages import bp as api_docs
    from directory.api.views import bp as api
    from directory.dashboard.views import bp as dashboard
    from directory.health.views import bp as health
    from directory.listings.explore import bp as explore
    from directory.listings.search_views import bp as search
    from directory.listings.views import bp as listings
    from directory.moderation.views import bp as moderation
    from directory.providers_info.views import bp as providers_info
    from directory.public_forms.views import bp as public_forms
    from directory.shortlist.views import bp as shortlist
    from directory.submissions.views import bp as submissions

    for blueprint in (
        listings,
        explore,
        search,
        shortlist,
        alerts,
        public_forms,
        accounts,
        claims,
        dashboard,
        submissions,
        moderation,
        api,
        api_docs,
        providers_info,
        health,
    ):
        app.register_blueprint(blueprint)


def register_search_sync(app: Flask) -> None:
    """The search index follows every committed listing change, and is reconciled at start-up when cheap."""
    from directory.listings import index_health, indexing

    indexing.init_app(app)
    index_health.init_app(app)


def register_error_handlers(app: Flask) -> None:
    from directory.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from directory.cli import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from directory import security

    security.init_app(app)
