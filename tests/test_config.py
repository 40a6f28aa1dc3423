import pytest

from directory import create_app
from directory.config import ConfigError, load_config, normalise_database_url


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config({"PRODUCTION": True})


def test_production_refuses_to_start_in_debug_mode(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="debug"):
        load_config({"PRODUCTION": True, "SECRET_KEY": "x" * 32})


def test_production_cookies_are_secure():
    config = load_config({"PRODUCTION": True, "SECRET_KEY": "x" * 32, "DEBUG": False})
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_local_mode_generates_and_keeps_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("INSTANCE_DIR", str(tmp_path))
    first = load_config()["SECRET_KEY"]
    assert len(first) >= 32
    assert load_config()["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/directory")
    monkeypatch.setenv("SEARCH_INDEX_DIR", "/srv/index")
    config = load_config({"SECRET_KEY": "k"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/directory"
    assert config["SEARCH_INDEX_DIR"] == "/srv/index"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgresql://a@b/c", "postgresql+psycopg://a@b/c"),
        ("postgresql+psycopg://a@b/c", "postgresql+psycopg://a@b/c"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_the_psycopg3_driver(url, expected):
    assert normalise_database_url(url) == expected


def test_the_app_sends_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_create_app_with_production_settings_works(tmp_path):
    app = create_app(
        {
            "PRODUCTION": True,
            "SECRET_KEY": "s" * 32,
            "DEBUG": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("name, value", [("SEARCH_FOLLOW_POLL_SECONDS", "0"), ("SEARCH_FOLLOW_BATCH", "0")])
def test_a_follower_setting_that_would_spin_is_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_config({"SECRET_KEY": "x" * 32})
