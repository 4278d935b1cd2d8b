"""Text embeddings for the no-repeat check and recruiter search, one dimension for every backend.

`hashing` (the offline default, no weights): character n-grams (1–3) of the normalised text,
signed-hashed into EMBEDDING_DIM buckets with sublinear counts, L2-normalised. Character
n-grams need no tokenizer and suit Korean, where one word carries its particles
("데이터베이스를", "데이터베이스의" share most n-grams).

`sentence-transformers`: a model at EMBEDDING_MODEL (a path or an id already in the local
cache) whose output dimension must be EMBEDDING_DIM, e.g. all-MiniLM-L6-v2.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from interview_common.models import EMBEDDING_DIM
from interview_common.settings import EmbeddingBackend, get_settings

_NON_WORD = re.compile(r"[^\w%+#.]+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return _NON_WORD.sub(" ", text).strip()


def _bucket(gram: str) -> tuple[int, float]:
    digest = hashlib.blake2b(gram.encode(), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % EMBEDDING_DIM, 1.0 if (value >> 63) & 1 else -1.0


@lru_cache(maxsize=65536)
def _gram_slot(gram: str) -> tuple[int, float]:
    return _bucket(gram)


def hashing_embedding(text: str) -> list[float]:
    vector = [0.0] * EMBEDDING_DIM
    for word in normalise(text).split():
        padded = f" {word} "
        grams: Counter[str] = Counter()
        for n in (1, 2, 3):
            grams.update(padded[i : i + n] for i in range(len(padded) - n + 1) if padded[i : i + n].strip())
        for gram, count in grams.items():
            slot, sign = _gram_slot(gram)
            vector[slot] += sign * (1.0 + math.log(count))
    norm = math.sqrt(sum(v * v for v in vector))
    return [v / norm for v in vector] if norm else vector


@lru_cache(maxsize=1)
def _sentence_model() -> Any:
    from sentence_transformers import SentenceTransformer  # optional dependency, loaded once per process

    model = SentenceTransformer(get_settings().EMBEDDING_MODEL, device="cpu")
    dim = model.get_sentence_embedding_dimension()
    if dim != EMBEDDING_DIM:
        raise RuntimeError(
            f"EMBEDDING_MODEL gives {dim}-dimensional vectors; the database column holds {EMBEDDING_DIM}"
        )
    return model


def embed(text: str) -> list[float]:
    if get_settings().EMBEDDING_BACKEND is EmbeddingBackend.SENTENCE_TRANSFORMERS:
        return [float(x) for x in _sentence_model().encode(text, normalize_embeddings=True)]
    return hashing_embedding(text)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two texts under the configured embedding."""
    return cosine(embed(a), embed(b))
