"""Password hashing (argon2id) and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workstation.errors import N_, ValidationError

MIN_LENGTH = 8
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


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
