"""The `transformers` backend: a causal LM from local files, run on the CPU inside the worker.

Weights are never downloaded: the model must be a local directory or already be in the local
Hugging Face cache. Each process loads a model once and shares it between clients and threads.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_worker.llm.base import LLMError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    tokenizer: Any
    model: Any
    # Concurrent generations on the CPU only compete for the same cores; one at a time is faster.
    generate_lock: threading.Lock = field(default_factory=threading.Lock, compare=False)


_LOADED: dict[str, LoadedModel] = {}
_LOAD_LOCK = threading.Lock()
_threads_configured = False


def _cache_key(model_path: str) -> str:
    path = Path(model_path).expanduser()
    # A directory is keyed by its real path, so "./m" and "/abs/m" share one copy; a hub id as given.
    return str(path.resolve()) if path.exists() else model_path


def _configure_threads() -> None:
    """Honour TORCH_NUM_THREADS; otherwise keep torch's default (one thread per core)."""
    global _threads_configured
    if _threads_configured:
        return
    _threads_configured = True
    raw = os.environ.get("TORCH_NUM_THREADS", "").strip()
    if not raw:
        return
    try:
        threads = int(raw)
    except ValueError:
        logger.warning("TORCH_NUM_THREADS=%r is not an integer; keeping torch's default", raw)
        return
    if threads < 1:
        logger.warning("TORCH_NUM_THREADS=%r is below 1; keeping torch's default", raw)
        return
    import torch

    torch.set_num_threads(threads)


def load_model(model_path: str) -> LoadedModel:
    """The process's one copy of the tokenizer and model at `model_path`, loaded on first use."""
    key = _cache_key(model_path)
    loaded = _LOADED.get(key)
    if loaded is not None:
        return loaded
    with _LOAD_LOCK:
        # Another thread may have finished loading while this one waited for the lock.
        loaded = _LOADED.get(key)
        if loaded is not None:
            return loaded
        _configure_threads()
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(key, local_files_only=True)
            # float32: half-precision matmuls are slow or unsupported on most CPUs.
            model = AutoModelForCausalLM.from_pretrained(key, local_files_only=True, dtype=torch.float32)
            model.to("cpu")
            model.eval()
        except Exception as exc:
            raise LLMError(
                f"cannot load the model {model_path!r} from local files (weights are never downloaded; "
                f"set LLM_MODEL to a local directory or a model already in the Hugging Face cache): "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        loaded = LoadedModel(tokenizer=tokenizer, model=model)
        _LOADED[key] = loaded
        logger.info("loaded the language model %s (%s parameters)", key, f"{model.num_parameters():,}")
        return loaded


class TransformersClient:
    """Generates with a local causal LM; construction is cheap, the model loads on first use."""

    name = "transformers"

    def __init__(self, model_path: str | os.PathLike[str]) -> None:
        self.model_path = os.fspath(model_path)
        if not self.model_path:
            raise LLMError("the transformers backend needs a model path or id (LLM_MODEL)")

    def load(self) -> LoadedModel:
        """Loads now rather than on the first request, e.g. when a worker process starts."""
        return load_model(self.model_path)

    def complete(self, system: str, user: str, *, max_tokens: int, temperature: float = 0.7) -> str:
        if max_tokens < 1:
            raise LLMError(f"max_tokens must be at least 1, not {max_tokens}")
        loaded = self.load()
        try:
            return _generate(loaded, system, user, max_tokens=max_tokens, temperature=temperature)
        except LLMError:
            raise
        except Exception as exc:
            raise LLMError(f"generation with {self.model_path!r} failed: {type(exc).__name__}: {exc}") from exc


def _prompt(tokenizer: Any, system: str, user: str) -> tuple[str, bool]:
    """The prompt text, and whether the tokenizer should still add its special tokens."""
    if getattr(tokenizer, "chat_template", None):
        conversations = (
            [{"role": "system", "content": system}, {"role": "user", "content": user}],
            # Some templates (Gemma's, for one) refuse a system turn: fold it into the user turn.
            [{"role": "user", "content": f"{system}\n\n{user}"}],
        )
        for messages in conversations:
            try:
                text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            except Exception as exc:
                logger.debug("chat template refused %d message(s): %s", len(messages), exc)
                continue
            if isinstance(text, str) and text:
                # The template already wrote BOS and friends.
                return text, False
    return f"{system}\n\n{user}\n\n", True


def _context_length(model: Any) -> int | None:
    config = model.config
    for attr in ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"):
        value = getattr(config, attr, None)
        if isinstance(value, int) and value > 0:
            return value
    return None


def _generate(loaded: LoadedModel, system: str, user: str, *, max_tokens: int, temperature: float) -> str:
    import torch

    tokenizer, model = loaded.tokenizer, loaded.model
    text, add_special = _prompt(tokenizer, system, user)
    inputs = tokenizer(text, return_tensors="pt", add_special_tokens=add_special)
    prompt_len = int(inputs["input_ids"].shape[-1])

    context = _context_length(model)
    if context is not None:
        if prompt_len >= context:
            raise LLMError(f"the prompt has {prompt_len} tokens; the model's context holds only {context}")
        # Past the context the position embeddings run out; ask for fewer tokens instead of failing.
        max_tokens = min(max_tokens, context - prompt_len)

    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    kwargs: dict[str, Any] = {"max_new_tokens": max_tokens, "pad_token_id": pad_id}
    if temperature > 0:
        kwargs.update(do_sample=True, temperature=temperature)
    else:
        # Greedy decoding; sampling settings from the model's generation config would only warn.
        kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)

    with loaded.generate_lock, torch.inference_mode():
        output = model.generate(**inputs, **kwargs)
    reply = str(tokenizer.decode(output[0, prompt_len:], skip_special_tokens=True)).strip()
    if not reply:
        raise LLMError("the model generated no text")
    return reply
