"""The per-process taxonomy copy: reused while nothing changed, reloaded as soon as an
edit commits (in this process or any other)."""

from __future__ import annotations

from directory.extensions import db
from directory.models import Treatment
from directory.services import taxonomy_cache, taxonomy_reads


def _names() -> set[str]:
    return {t.name for t in taxonomy_reads.list_treatments()}


def test_the_copy_is_reused_until_an_edit_commits(app, admin, monkeypatch):
    loads = []
    real = taxonomy_cache._load
    monkeypatch.setattr(taxonomy_cache, "_load", lambda: loads.append(1) or real())
    before = _names()
    assert _names() == before and taxonomy_reads.list_bodies()
    assert len(loads) == 1  # one load for three lookups

    # Another process's edit: a plain UPDATE through its own connection.
    with db.engine.begin() as other:
        other.execute(
            db.update(Treatment)
            .where(Treatment.slug == "mesotherapy")
            .values(name="Meso (renamed)", version=Treatment.version + 1)
        )
    assert "Meso (renamed)" in _names()
    assert len(loads) == 2

    meso = db.session.scalar(db.select(Treatment).filter_by(slug="mesotherapy"))
    db.session.delete(meso)  # a deletion changes the stamp too
    db.session.commit()
    assert "Meso (renamed)" not in _names()


def test_views_built_from_the_copy_follow_an_edit(app, admin):
    assert taxonomy_reads.treatment_slug_for("Needle glow") is None
    sorted_once = taxonomy_reads.list_treatments()
    assert taxonomy_reads.list_treatments() == sorted_once  # the kept order, not rebuilt
    with db.engine.begin() as other:  # another process adds an everyday word
        other.execute(
            db.update(Treatment)
            .where(Treatment.slug == "mesotherapy")
            .values(synonyms=["needle glow"], name="Aaa first", version=Treatment.version + 1)
        )
    assert taxonomy_reads.treatment_slug_for("NEEDLE  glow") == "mesotherapy"
    assert (
        taxonomy_reads.treatment_slug_for("needle-glow", taxonomy_reads.list_treatments())
        == "mesotherapy"
    )
    category = next(t.category for t in taxonomy_reads.list_treatments() if t.slug == "mesotherapy")
    in_category = [t.slug for t in taxonomy_reads.list_treatments() if t.category == category]
    assert in_category[0] == "mesotherapy"  # re-sorted by the new name
    # A caller's own list is searched as given, not the whole taxonomy.
    others = [t for t in taxonomy_reads.list_treatments() if t.slug != "mesotherapy"]
    assert taxonomy_reads.treatment_slug_for("needle glow", others) is None
