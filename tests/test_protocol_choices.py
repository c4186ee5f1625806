"""The start page lists protocols by condition, in the page language, with what each starts with."""

from __future__ import annotations

from clinic.services.library_terms import fold
from clinic.services.protocol_choices import protocol_choices
from clinic.state import catalogue
from tests.builder_kit import sign_in


def test_choices_lead_with_the_condition_and_are_sorted_by_it(app):
    with app.app_context():
        library = catalogue()
        choices = protocol_choices(library, "en")
        assert {c.id for c in choices} == set(library.protocols)
        assert [fold(c.condition) for c in choices] == sorted(fold(c.condition) for c in choices)
        knee = next(c for c in choices if c.id == "runners_knee.routine")
        protocol = library.protocols[knee.id]
        assert knee.condition == protocol.condition.split(": ")[0]
        items = [i for s in protocol.sections for i in s.items]
        assert (knee.exercises, knee.optional) == (sum(not i.optional for i in items), sum(i.optional for i in items))
        spanish = next(c for c in protocol_choices(library, "es") if c.id == knee.id)
        assert spanish.condition == protocol.translations["es"].condition.split(": ")[0] != knee.condition
        assert spanish.name == protocol.translations["es"].name


def test_the_start_page_shows_the_condition_and_the_count(client, therapist, patient):
    sign_in(client, therapist.id)
    page = client.get(f"/patients/{patient.id}/programmes/new").get_data(as_text=True)
    with client.application.app_context():
        knee = next(c for c in protocol_choices(catalogue(), "en") if c.id == "runners_knee.routine")
    assert f'<h3 class="start-condition">{knee.condition.replace(chr(39), "&#39;")}</h3>' in page
    assert f"{knee.exercises} exercises" in page
