"""Settings, read from environment variables, with embedded defaults that run the site locally with no set-up."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The settings are unsafe or incomplete for the mode the app was asked to run in."""


def _instance_dir() -> Path:
    path = Path(os.environ.get("INSTANCE_DIR", PROJECT_ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _local_secret_key(instance_dir: Path) -> str:
    """A random key kept under instance/, so local sessions survive restarts without anyone choosing a key."""
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// forms that hosts hand out, and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(overrides: dict | None = None) -> dict:
    """Build the Flask config from the environment, then apply overrides (tests pass theirs here)."""
    overrides = dict(overrides or {})
    production = overrides.get("PRODUCTION", _flag("PRODUCTION"))
    instance_dir = _instance_dir()
    config = {
        "PRODUCTION": production,
        "DEBUG": _flag("FLASK_DEBUG"),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("DATABASE_URL", f"sqlite:///{instance_dir / 'directory.sqlite3'}")
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SEARCH_INDEX_DIR": os.environ.get("SEARCH_INDEX_DIR", str(PROJECT_ROOT / "search_index")),
        "SEED_DATA_DIR": os.environ.get("SEED_DATA_DIR", str(PROJECT_ROOT / "seed_data")),
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # A Redis outage must not stop anyone signing in: count in this process's memory meanwhile (logged by
        # Flask-Limiter), go back to Redis when it answers, and give up on a dead host after half a second.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "120 per minute"),
        # Empty: links follow the request's host (directory/site_address.py); set it in production.
        "SITE_URL": os.environ.get("SITE_URL", "").rstrip("/"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0") or 0),
        "STAFF_IDLE_MINUTES": int(os.environ.get("STAFF_IDLE_MINUTES", "30") or 30),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587") or 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", True),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "no-reply@localhost"),
        "SEARCH_RECONCILE_ON_START": _flag("SEARCH_RECONCILE_ON_START", True),
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "text").strip().lower(),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").strip().upper(),
        "PRIVACY_CONTACT_EMAIL": os.environ.get("PRIVACY_CONTACT_EMAIL", ""),
        "METRICS_ALLOWED_IPS": os.environ.get("METRICS_ALLOWED_IPS", "127.0.0.1,::1"),
        "SEARCH_INDEX_FAULT_CHECKS": _flag("SEARCH_INDEX_FAULT_CHECKS", True),
        # One follower per node applies the database's change log to this node's index (directory/listings/
        # follower.py): "thread" lets a web worker win it; "off" leaves it to a `flask index follow` process.
        "SEARCH_FOLLOWER": os.environ.get("SEARCH_FOLLOWER", "thread").strip().lower(),
        "SEARCH_FOLLOW_POLL_SECONDS": float(os.environ.get("SEARCH_FOLLOW_POLL_SECONDS", "1") or 1),
        "SEARCH_FOLLOW_BATCH": int(os.environ.get("SEARCH_FOLLOW_BATCH", "500") or 500),
        # Downloads of more listings than this go to the nightly full files (`flask export all`) in EXPORT_DIR.
        "EXPORT_MAX_ROWS": int(os.environ.get("EXPORT_MAX_ROWS", "10000") or 10000),
        "EXPORT_DIR": os.environ.get("EXPORT_DIR", str(instance_dir / "open-data")),
        "SITEMAP_MAX_URLS": int(os.environ.get("SITEMAP_MAX_URLS", "50000") or 50000),
    }
    config.update(overrides)
    if not config["SECRET_KEY"]:
        if config["PRODUCTION"]:
            raise ConfigError("SECRET_KEY must be set when PRODUCTION is on.")
        config["SECRET_KEY"] = _local_secret_key(instance_dir)
    if config["SEARCH_FOLLOWER"] not in ("thread", "off"):
        raise ConfigError("SEARCH_FOLLOWER must be thread or off.")
    if not config["SEARCH_FOLLOW_POLL_SECONDS"] > 0 or config["SEARCH_FOLLOW_BATCH"] < 1:
        # 0 would make the follower poll the database in a tight loop, or apply nothing and spin
        raise ConfigError("SEARCH_FOLLOW_POLL_SECONDS must be above 0 and SEARCH_FOLLOW_BATCH at least 1.")
    if config["LOG_FORMAT"] not in ("text", "json"):
        raise ConfigError("LOG_FORMAT must be text or json.")
    if config["PRODUCTION"] and config["DEBUG"]:
        raise ConfigError("Refusing to start: debug mode must be off when PRODUCTION is on.")
    return config
