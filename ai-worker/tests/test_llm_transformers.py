"""The transformers backend with a tiny randomly initialised GPT-2 built offline in a temporary directory."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
import torch
from transformers import AutoModelForCausalLM

from ai_worker.llm import hf_transformers
from ai_worker.llm.base import LLMClient, LLMError
from ai_worker.llm.factory import get_llm_client
from ai_worker.llm.hf_transformers import TransformersClient, load_model
from ai_worker.llm.prompts import question_messages
from ai_worker.questions.context import QA, QuestionContext
from interview_common.settings import Settings
from tests.tiny_llm import SPECIAL_TOKENS, build_tiny_model

# Rejects a system turn, as Gemma's template does; the client must fold it into the user turn.
NO_SYSTEM_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
    "{% for m in messages %}{{ m['role'] }} : {{ m['content'] }} [EOS] {% endfor %}"
    "{% if add_generation_prompt %}assistant :{% endif %}"
)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-gpt2"))


@pytest.fixture(scope="module")
def templated_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-gpt2-chat"), chat_template=NO_SYSTEM_TEMPLATE)


def prompt() -> tuple[str, str]:
    ctx = QuestionContext(
        position="백엔드 개발자",
        order=2,
        total=5,
        history=(QA(1, "자기소개를 해 주시겠어요?", "Redis 캐시를 도입해 응답 시간을 줄였습니다."),),
    )
    return question_messages(ctx)


def test_complete_generates_text(model_dir: Path) -> None:
    system, user = prompt()
    client = TransformersClient(model_dir)
    assert isinstance(client, LLMClient)
    assert client.name == "transformers"
    text = client.complete(system, user, max_tokens=8, temperature=0.7)
    assert isinstance(text, str)
    assert text == text.strip()
    assert text


@pytest.mark.parametrize("max_tokens", [1, 3, 12])
def test_complete_respects_max_tokens(model_dir: Path, max_tokens: int) -> None:
    system, user = prompt()
    text = TransformersClient(model_dir).complete(system, user, max_tokens=max_tokens, temperature=0.0)
    # The word-level tokenizer decodes one token per word, so words count the generated tokens.
    assert len(text.split()) == max_tokens


def test_complete_is_deterministic_without_temperature(model_dir: Path) -> None:
    system, user = prompt()
    client = TransformersClient(model_dir)
    first = client.complete(system, user, max_tokens=6, temperature=0.0)
    assert client.complete(system, user, max_tokens=6, temperature=0.0) == first


def test_load_model_reuses_the_loaded_copy(model_dir: Path) -> None:
    first = TransformersClient(model_dir)
    first.complete("시스템", "사용자", max_tokens=2)
    second = TransformersClient(str(model_dir))
    assert second.load() is first.load()
    assert load_model(str(model_dir / ".." / model_dir.name)) is first.load()
    assert not first.load().model.training


def test_load_model_loads_once_across_threads(model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = tmp_path / "copy"
    shutil.copytree(model_dir, fresh)
    calls: list[str] = []
    original = AutoModelForCausalLM.from_pretrained

    def counting_from_pretrained(*args: Any, **kwargs: Any) -> Any:
        calls.append(str(args[0]))
        return original(*args, **kwargs)

    monkeypatch.setattr(AutoModelForCausalLM, "from_pretrained", staticmethod(counting_from_pretrained))
    results: list[object] = []
    start = threading.Barrier(6)

    def load() -> None:
        start.wait()
        results.append(TransformersClient(fresh).load())

    threads = [threading.Thread(target=load) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(results) == 6
    assert all(result is results[0] for result in results)
    assert calls == [str(fresh.resolve())]
    TransformersClient(fresh).complete("시스템", "사용자", max_tokens=2)
    assert len(calls) == 1


def test_complete_uses_chat_template_without_system_role(templated_model_dir: Path) -> None:
    loaded = TransformersClient(templated_model_dir).load()
    text, add_special = hf_transformers._prompt(loaded.tokenizer, "규칙입니다", "질문 하나")
    assert text == "user : 규칙입니다\n\n질문 하나 [EOS] assistant :"
    assert add_special is False
    system, user = prompt()
    assert TransformersClient(templated_model_dir).complete(system, user, max_tokens=4, temperature=0.0)


def test_complete_uses_plain_prompt_without_template(model_dir: Path) -> None:
    loaded = TransformersClient(model_dir).load()
    assert hf_transformers._prompt(loaded.tokenizer, "규칙", "질문") == ("규칙\n\n질문\n\n", True)


def test_complete_rejects_prompt_longer_than_context(model_dir: Path) -> None:
    with pytest.raises(LLMError, match="context"):
        TransformersClient(model_dir).complete("면접 " * 2000, "질문", max_tokens=4)


def test_complete_fails_clearly_for_missing_model(tmp_path: Path) -> None:
    with pytest.raises(LLMError, match="never downloaded"):
        TransformersClient(tmp_path / "missing").complete("시스템", "사용자", max_tokens=4)


def test_complete_never_downloads_unknown_hub_id() -> None:
    with pytest.raises(LLMError, match="local files"):
        TransformersClient("interview-platform-tests/no-such-model").complete("시스템", "사용자", max_tokens=4)


def test_load_model_honours_torch_num_threads(model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = tmp_path / "threads"
    shutil.copytree(model_dir, fresh)
    monkeypatch.setenv("TORCH_NUM_THREADS", "1")
    monkeypatch.setattr(hf_transformers, "_threads_configured", False)
    before = torch.get_num_threads()
    try:
        load_model(str(fresh))
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_get_llm_client_builds_transformers_client_once(model_dir: Path) -> None:
    settings = Settings(LLM_BACKEND="transformers", LLM_MODEL=str(model_dir))
    client = get_llm_client(settings)
    assert isinstance(client, TransformersClient)
    assert get_llm_client(settings) is client
    assert client.complete("시스템", "사용자", max_tokens=2, temperature=0.0)


def test_complete_rejects_empty_generation(tmp_path: Path) -> None:
    directory = build_tiny_model(tmp_path / "mute")
    loaded = load_model(str(directory))
    # Only special tokens remain possible, and those are dropped from the decoded reply.
    specials = set(loaded.tokenizer.convert_tokens_to_ids(SPECIAL_TOKENS))
    loaded.model.generation_config.suppress_tokens = [i for i in range(len(loaded.tokenizer)) if i not in specials]
    with pytest.raises(LLMError, match="no text"):
        TransformersClient(directory).complete("시스템", "사용자", max_tokens=3, temperature=0.0)
