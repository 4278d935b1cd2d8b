"""A tiny randomly initialised GPT-2 with a word-level tokenizer, built offline in a directory.

Shared by the transformers backend's tests and the LLM benchmark: no weights to download, and with
the special tokens suppressed every call generates exactly `max_new_tokens` words.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[EOS]"]
SENTENCES = [
    "자기소개를 해 주시겠어요 ?",
    "Redis 캐시를 도입한 이유를 설명해 주시겠어요 ?",
    "가장 어려웠던 프로젝트는 무엇이었나요 ?",
    "장애가 났을 때 원인을 어떻게 찾으셨나요 ?",
    "Tell me about a project you are proud of .",
    "How did you measure the result ?",
    "백엔드 개발자 데이터 정합성 트랜잭션 배포 모니터링 지표 성능 개선 경험 결과",
    '{ "score" : 70 , "rubric" : { "relevance" : 80 } , "summary" : "좋은 답변입니다" }',
]


def build_tiny_model(
    directory: Path,
    *,
    chat_template: str | None = None,
    width: int = 32,
    positions: int = 1024,
    sentences: Sequence[str] = SENTENCES,
) -> Path:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.train_from_iterator(sentences, trainers.WordLevelTrainer(special_tokens=SPECIAL_TOKENS))
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, pad_token="[PAD]", unk_token="[UNK]", eos_token="[EOS]")
    if chat_template:
        fast.chat_template = chat_template
    torch.manual_seed(0)
    config = GPT2Config(
        n_layer=2,
        n_head=2,
        n_embd=width,
        n_positions=positions,
        vocab_size=len(fast),
        bos_token_id=fast.eos_token_id,
        eos_token_id=fast.eos_token_id,
        pad_token_id=fast.pad_token_id,
    )
    model = GPT2LMHeadModel(config)
    # An untrained model picks [EOS] or [UNK] as readily as a word; suppressed, every call yields
    # exactly max_new_tokens words, which makes lengths (and benchmark timings) exact.
    model.generation_config.suppress_tokens = fast.convert_tokens_to_ids(SPECIAL_TOKENS)
    model.save_pretrained(directory)
    fast.save_pretrained(directory)
    return directory
