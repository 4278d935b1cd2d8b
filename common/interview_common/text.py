"""Text the platform accepts from people: one rule for every field that may reach the database.

PostgreSQL cannot store NUL (U+0000) in `text`/`varchar` columns, and psycopg2 refuses to send it,
so a NUL anywhere in an answer, a name or a search term would fail deep inside a request as a 500.
It is refused at the edge instead, with a readable 422 naming the field. (Unpaired surrogates,
the other thing UTF-8 cannot carry, are already refused by Pydantic as `string_unicode`.)
Refused rather than stripped: silently changing what a candidate wrote is worse than asking again.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, field_validator
from pydantic_core import PydanticCustomError

NUL_MESSAGE = "must not contain NUL characters (U+0000)"


def refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("text_nul", NUL_MESSAGE)
    return value


# A `str` that can be stored: the type of every text parameter of a request (query or form).
StorableStr = Annotated[str, AfterValidator(refuse_nul)]


def storable(*fields: str) -> Any:
    """The same rule for text fields of a request body model (tables share the field declarations):

    class AnswerCreate(SQLModel):
        answer_text: str
        _storable = storable("answer_text")
    """

    def check(cls: type, value: Any) -> Any:
        return refuse_nul(value) if isinstance(value, str) else value

    return field_validator(*fields)(classmethod(check))


def contains_nul(exc: BaseException) -> bool:
    """Whether psycopg2 refused a statement because a parameter held a NUL (the safety net behind StorableStr)."""
    while exc is not None:
        if isinstance(exc, ValueError) and "NUL (0x00)" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False
