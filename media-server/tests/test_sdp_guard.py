"""An SDP offer either parses or is refused with 422: no input makes the guard raise anything else."""

from __future__ import annotations

import pytest
from fastapi import HTTPException
from hypothesis import given, settings
from hypothesis import strategies as st

from media_server.routes import parse_offer_sdp

VALID_START = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
# Lines an SDP has, each with a mangled value: the parser's assertions and conversions are what is probed.
LINE_KINDS = ["m=audio", "m=video", "a=rtpmap:", "a=fingerprint:", "c=IN IP4", "a=candidate:", "a=ssrc:", "o=", "b=AS:"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(LINE_KINDS), st.text(alphabet=st.characters(codec="utf-8"), max_size=30)),
        min_size=1,
        max_size=6,
    )
)
def test_any_offer_is_parsed_or_refused_with_422(lines: list[tuple[str, str]]) -> None:
    sdp = VALID_START + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" + "".join(f"{k}{v}\r\n" for k, v in lines)
    refusal: HTTPException | None = None
    try:
        parse_offer_sdp(sdp)
    except HTTPException as exc:  # anything else propagates and fails the test
        refusal = exc
    if refusal is not None:
        assert refusal.status_code == 422
        assert "could not be used" in refusal.detail


@pytest.mark.parametrize("sdp", ["v=0\r\nm=video x y z\r\n", "v=0\r\nm=audio 9\r\n"])
def test_known_malformed_offers_are_refused(sdp: str) -> None:
    with pytest.raises(HTTPException) as refused:
        parse_offer_sdp(sdp)
    assert refused.value.status_code == 422
