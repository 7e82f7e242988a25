"""Password hashing (argon2id) and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workstation.errors import N_, ValidationError

MIN_LENGTH = 8
# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about a tenth of
# the library's default cost, so that the wait after Enter on the login stays short on an
# old desk PC, while an offline guess still costs 19 MiB of memory each. Accounts lock after
# five wrong passwords. A hash made with other parameters is redone at the next log-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def validate_new_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(field, N_("Password: use at least {n} characters."), n=MIN_LENGTH)
    if password.strip() != password:
        raise ValidationError(field, N_("Password: must not begin or end with a space."))
    if password.isdigit() or password.isalpha():
        raise ValidationError(field, N_("Password: mix letters with digits or other characters."))
