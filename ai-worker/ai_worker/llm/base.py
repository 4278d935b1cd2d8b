"""What every LLM backend offers the question and evaluation services: one chat turn in, text out."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class LLMError(Exception):
    """A backend could not produce a completion; callers fall back to the local generator or scorer."""


@runtime_checkable
class LLMClient(Protocol):
    # Recorded as the `source` of what the backend produced: "openai" or "transformers".
    name: str

    def complete(self, system: str, user: str, *, max_tokens: int, temperature: float = 0.7) -> str:
        """The model's reply to one system + user turn; raises `LLMError` on any failure."""
        ...
