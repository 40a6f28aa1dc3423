"""Each Flask extension, created once here and bound to the app in create_app."""

import sys

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm.state import InstanceState

# Named constraints, so that migrations can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate(render_as_batch=True)
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _materialise_state_dicts_first() -> None:
    """CPython 3.11 can free the same memory twice (a corrupted heap, then a segmentation fault) when a garbage
    collection starts while an object's attribute store turns its inline values into a __dict__, and a weakref
    callback run by that collection stores an attribute on the same object: both stores make a dict owning the
    one values array. SQLAlchemy's InstanceState is such an object: its weakref callback on the mapped object
    (_cleanup) sets its attributes, and `_strong_obj`, first set when the session closes (_detach_states), is never
    among the class's shared attribute names (3.11 stops adding to them after about 30 instances), so closing a
    session that still holds objects in uncollected reference cycles could crash. An InstanceState whose __dict__
    exists before its weakref does never takes that path. Python 3.12 runs the collector only between bytecodes,
    so this is needed on 3.11 only."""
    if sys.version_info[:2] != (3, 11) or getattr(InstanceState.__init__, "materialises_dict", False):
        return
    original = InstanceState.__init__

    def __init__(self, obj, manager):
        self.__dict__  # noqa: B018 - a real dict now, before the weakref whose callback sets attributes exists
        original(self, obj, manager)

    __init__.materialises_dict = True
    InstanceState.__init__ = __init__


_materialise_state_dicts_first()
