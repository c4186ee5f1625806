"""Issue 14 finding 10: a locked account costs the same work as any other failed sign-in.

A locked account used to answer in 6-8 ms and other failures in 83-230 ms,
which told an attacker which emails have accounts. The time is the password
hash; this counts hash checks (through the real function) instead of timing
them, so the test cannot flake on a busy machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from clinic.db import db
from clinic.models import User
from clinic.models.common import utcnow
from clinic.services import accounts
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def hash_checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    checked: list[str] = []
    real: Callable[[str, str], bool] = accounts.check_password_hash

    def counting(hashed: str, password: str) -> bool:
        checked.append(password)
        return real(hashed, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    yield checked


@pytest.mark.parametrize("case", ["unknown email", "wrong password", "locked, right password",
                                  "locked, wrong password", "inactive"])
def test_every_failed_sign_in_checks_one_password_hash(app, therapist: User, hash_checks: list[str],
                                                       case: str) -> None:
    email, password = therapist.email, TEST_PASSWORD
    if case == "unknown email":
        email = "nobody@example.org"
    if case.endswith("wrong password"):
        password = "not the password"
    if case.startswith("locked"):
        therapist.locked_until = utcnow() + timedelta(minutes=10)
    if case == "inactive":
        therapist.active = False
    db.session.commit()
    with app.test_request_context():
        assert accounts.authenticate(email, password) is None
    assert hash_checks == [password]
