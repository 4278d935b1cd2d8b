"""The media server's peer connections: one per streaming candidate, capped, closed on every exit path."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from dataclasses import dataclass, field

from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaBlackhole, MediaRelay

from interview_common.events import EventType, channel
from interview_common.redis_client import get_async_redis
from interview_common.settings import Settings
from media_server.audio import AudioRecorder
from media_server.frames import FrameSampler, QuestionTracker

logger = logging.getLogger(__name__)


class CapacityError(Exception):
    pass


@dataclass
class Peer:
    id: str
    session_id: int
    user_id: int
    pc: RTCPeerConnection
    tracker: QuestionTracker
    analyse_video: bool = False
    sampler: FrameSampler | None = None
    recorder: AudioRecorder | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    closed: bool = False

    def log(self, message: str, **extra: object) -> None:
        logger.info(message, extra={"peer": self.id, "session_id": self.session_id, **extra})


class PeerRegistry:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.peers: dict[str, Peer] = {}
        self.relay = MediaRelay()

    def for_session(self, session_id: int) -> list[Peer]:
        return [p for p in self.peers.values() if p.session_id == session_id and not p.closed]

    async def answer(
        self, *, sdp: str, kind: str, session_id: int, user_id: int, analyse_video: bool
    ) -> RTCSessionDescription:
        if len(self.peers) >= self.settings.MEDIA_MAX_PEERS:
            raise CapacityError(f"The media server is at its limit of {self.settings.MEDIA_MAX_PEERS} connections.")
        # One live connection per session: a reconnecting browser replaces its old one.
        for old in self.for_session(session_id):
            await self.close(old, reason="replaced by a new connection")
        pc = RTCPeerConnection()
        peer = Peer(id=uuid.uuid4().hex[:12], session_id=session_id, user_id=user_id, pc=pc,
                    tracker=QuestionTracker(session_id, analyse_video=analyse_video),
                    analyse_video=analyse_video)  # fmt: skip
        self.peers[peer.id] = peer
        peer.log("peer connection created", remote_sdp_bytes=len(sdp))
        self._wire(peer)
        try:
            await peer.tracker.refresh()
            await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type=kind))
            peer.log("remote description set")
            await pc.setLocalDescription(await pc.createAnswer())
            peer.log("local description set")
        except Exception:
            await self.close(peer, reason="signaling failed")
            raise
        peer.tasks.append(asyncio.create_task(peer.tracker.run()))
        peer.tasks.append(asyncio.create_task(self._watch_session_end(peer)))
        return pc.localDescription

    def _wire(self, peer: Peer) -> None:
        pc = peer.pc
        s = self.settings

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            peer.log("connection state", state=pc.connectionState)
            if pc.connectionState in ("failed", "closed"):
                await self.close(peer, reason=f"connection {pc.connectionState}")

        @pc.on("iceconnectionstatechange")
        async def on_ice() -> None:
            peer.log("ICE connection state", state=pc.iceConnectionState)

        @pc.on("icegatheringstatechange")
        async def on_gathering() -> None:
            peer.log("ICE gathering state", state=pc.iceGatheringState)

        @pc.on("signalingstatechange")
        async def on_signaling() -> None:
            peer.log("signaling state", state=pc.signalingState)

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            peer.log("track received", kind=track.kind, track_id=track.id)
            if track.kind == "video" and peer.analyse_video:
                peer.sampler = FrameSampler(
                    self.relay.subscribe(track, buffered=False),
                    session_id=peer.session_id,
                    fps=s.EMOTION_FPS,
                    width=s.EMOTION_FRAME_WIDTH,
                    max_in_flight=s.EMOTION_MAX_IN_FLIGHT,
                    current_question=peer.tracker,
                )
                peer.tasks.append(asyncio.create_task(peer.sampler.run()))
            elif track.kind == "audio":
                peer.recorder = AudioRecorder(
                    track, session_id=peer.session_id, tracker=peer.tracker, max_seconds=s.AUDIO_MAX_SECONDS
                )
                peer.tasks.append(asyncio.create_task(peer.recorder.run()))
            else:
                if track.kind == "video":
                    # No consent (or EMOTION_ANALYSIS=disabled): frames are read and discarded, none queued.
                    peer.log("video not analysed: no emotion-analysis consent")
                else:
                    logger.warning(
                        "unknown track kind ignored",
                        extra={"peer": peer.id, "session_id": peer.session_id, "kind": track.kind},
                    )
                blackhole = MediaBlackhole()
                blackhole.addTrack(track)
                peer.tasks.append(asyncio.create_task(blackhole.start()))

            @track.on("ended")
            async def on_ended() -> None:
                peer.log("track ended", kind=track.kind)

    async def _watch_session_end(self, peer: Peer) -> None:
        pubsub = get_async_redis().pubsub()
        await pubsub.subscribe(channel(peer.session_id))
        try:
            while not peer.closed:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message and json.loads(message["data"]).get("type") == EventType.SESSION_FINISHED.value:
                    await self.close(peer, reason="interview finished")
                    return
        finally:
            with contextlib.suppress(Exception):
                await pubsub.unsubscribe()
                await pubsub.aclose()

    async def close(self, peer: Peer, *, reason: str) -> None:
        if peer.closed:
            return
        peer.closed = True
        self.peers.pop(peer.id, None)
        current = asyncio.current_task()
        for task in peer.tasks:
            if task is not current:
                task.cancel()
        await peer.pc.close()
        stats = peer.sampler.stats if peer.sampler else None
        peer.log(
            "peer connection closed",
            reason=reason,
            frames_received=stats.received if stats else 0,
            frames_queued=stats.queued if stats else 0,
            frames_dropped=stats.dropped if stats else 0,
        )

    async def close_all(self, reason: str) -> None:
        for peer in list(self.peers.values()):
            await self.close(peer, reason=reason)
