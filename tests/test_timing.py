"""One model of time: the card's estimate, the dosage line and the minutes-a-day check agree."""

from __future__ import annotations

import dataclasses
import math

from clinic.exercise_data import Dosage, IntRange, describe_dosage
from clinic.exercise_data.timing import Minutes, minutes_a_day, session_time
from clinic.services.dosage_form import dose_warnings, read_dosage_form

CLAMSHELLS = Dosage.model_validate({"sets": [2, 3], "reps": [10, 20], "side": "each_side",
                                    "tempo": {"up": 2, "hold": 1, "down": 2}, "rest_seconds": 30,
                                    "days_per_week": 3})


def test_a_one_second_hold_on_reps_makes_a_session_longer_not_shorter():
    held = CLAMSHELLS.merged(Dosage.model_validate({"hold_seconds": 1}))
    assert session_time(held).high >= session_time(CLAMSHELLS).high
    assert held.estimated_minutes() >= CLAMSHELLS.estimated_minutes() > 5


def test_a_session_counts_reps_by_tempo_sides_sets_and_rests():
    # 3 sets x 2 sides x 20 reps x 5 s + 2 rests of 30 s = 660 s at the top of every range.
    assert session_time(CLAMSHELLS) == Minutes((2 * 2 * 10 * 5 + 30) / 60, 660 / 60)
    slower = CLAMSHELLS.merged(Dosage.model_validate({"tempo": {"up": 3, "hold": 1, "down": 3}}))
    assert session_time(slower).high > session_time(CLAMSHELLS).high


def test_the_dosage_line_names_one_hold_per_rep():
    held = CLAMSHELLS.merged(Dosage.model_validate({"hold_seconds": 12}))
    words = describe_dosage(held)
    assert "hold each one 12 seconds" in words
    assert "hold 1 second" not in words and "up in 2 seconds, down in 2 seconds" in words
    assert "mantenga 1 segundo" not in describe_dosage(held, "es")


def test_minutes_a_day_follow_days_per_week():
    stretch = Dosage.model_validate({"hold_seconds": 30, "sets": 2, "side": "each_side", "days_per_week": 7})
    week = minutes_a_day([CLAMSHELLS, stretch])
    assert [d.days_per_week for d in week.days] == [3, 4]
    assert week.days[0].exercises == (0, 1) and week.days[1].exercises == (1,)
    assert week.busiest == session_time(CLAMSHELLS) + session_time(stretch)
    assert week.average.high < week.busiest.high


def test_times_a_day_count_in_a_day():
    twice = Dosage.model_validate({"sets": 1, "reps": 10, "times_per_day": 2})
    assert minutes_a_day([twice]).busiest == session_time(twice).times(2)


def test_a_time_never_reads_as_zero_minutes():
    assert str(Minutes(0.1, 0.2)) == "0.5"
    form = read_dosage_form({"duration_minutes": "0"}, CLAMSHELLS)
    assert form.errors == {"duration_minutes": "Time must be 1 or more."}
    assert read_dosage_form({"hold_seconds": "0"}, CLAMSHELLS).errors == {"hold_seconds": "Hold must be 1 or more."}


def test_a_dose_beyond_a_home_range_is_warned_about():
    assert dose_warnings(CLAMSHELLS) == []
    form = read_dosage_form({"reps": "200"}, CLAMSHELLS)
    assert form.valid
    warnings = dose_warnings(CLAMSHELLS.merged(Dosage.model_validate(form.override)))
    assert any(w.startswith("200 reps is more than a home programme usually asks") for w in warnings)


def test_the_tempo_is_editable():
    form = read_dosage_form({"tempo": "3-1-3"}, CLAMSHELLS)
    assert form.override == {"tempo": {"up": 3, "hold": 1, "down": 3}}
    assert read_dosage_form({"tempo": "2-2"}, CLAMSHELLS).override == {"tempo": {"up": 2, "down": 2}}
    assert "tempo" in read_dosage_form({"tempo": "fast"}, CLAMSHELLS).errors
    assert "tempo" in read_dosage_form({"tempo": "99-0-1"}, CLAMSHELLS).errors


def test_the_runners_knee_routine_shows_its_week_not_one_sum(app, patient, therapist):
    """It showed "About 33 minutes a day": every exercise summed as if all were done daily."""
    from clinic.services.builder_view import load_check
    from clinic.services.programmes import create_programme
    from clinic.state import catalogue

    programme = create_programme(patient, therapist, catalogue().protocols["runners_knee.routine"])
    check = load_check(catalogue(), programme)
    assert [d.days_per_week for d in check.routine.days] == [3, 4]
    strength_day, stretch_day = check.routine.days
    assert stretch_day.minutes.high < strength_day.minutes.low
    assert check.routine.average.high < check.minutes_per_day
    # The stated minutes hold the busiest (strength) day, so the builder has nothing to say; had the
    # routine stated less than that day takes (its old "10-15 minutes"), the builder would say so.
    busiest = check.routine.busiest.rounded()
    assert check.stated is not None and not check.longer_than_stated
    assert check.stated.low <= busiest.low and busiest.high <= check.stated.top
    shorter = IntRange(low=1, high=math.floor(busiest.low) - 1)
    assert dataclasses.replace(check, stated=shorter).longer_than_stated
