"""CPython 3.11 frees the same memory twice when a garbage collection starts inside the attribute store that turns
an object's inline values into a __dict__ and a weakref callback stores on the same object. SQLAlchemy's session
close took that path for objects left in reference cycles (a worker crashed under concurrent /regions/london);
directory/extensions.py gives each InstanceState its __dict__ first. This runs the crash's recipe in a child process:
without the workaround, on 3.11, it dies with SIGSEGV (or glibc's "double free detected")."""

from __future__ import annotations

import subprocess
import sys
import textwrap

RECIPE = textwrap.dedent("""
    import gc
    import sqlalchemy as sa
    from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
    import directory.extensions  # noqa: F401  (applies the workaround, as the app does)

    class Base(DeclarativeBase):
        pass

    class Item(Base):
        __tablename__ = "item"
        id: Mapped[int] = mapped_column(primary_key=True)

    engine = sa.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(sa.insert(Item), [{"id": i} for i in range(1, 51)])
    with Session(engine) as first:  # fills the states' shared attribute names, as the app's first requests do
        loaded = first.scalars(sa.select(Item)).all()
        first.expire_all()
        del loaded
    for n in range(300):
        session = Session(engine)
        gc.collect()
        items = session.scalars(sa.select(Item)).all()
        for item in items:
            item.cycle = item  # a reference cycle only the collector frees
        del items, item
        gc.set_threshold(gc.get_count()[0] + n % 150)  # moves which allocation in close() starts a collection
        session.close()
        gc.set_threshold(700)
    print("survived")
""")


def test_closing_sessions_that_hold_objects_in_cycles_never_corrupts_the_heap():
    run = subprocess.run(
        [sys.executable, "-c", RECIPE],
        capture_output=True,
        text=True,
        timeout=300,
        env={"MALLOC_CHECK_": "3", "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0 and "survived" in run.stdout, (run.returncode, run.stderr[-2000:])
