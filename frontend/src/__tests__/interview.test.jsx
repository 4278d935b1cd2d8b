import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { interviewServer, SID } from '../test/interview.js';
import { fakeBrowser } from '../test/media.js';
import { loginAs, NOTICE_VERSION, renderApp } from '../test/utils.jsx';

/** Open the session page, pass the device check and enter the room. */
async function enterRoom(user) {
  renderApp(`/sessions/${SID}`);
  const proceed = await screen.findByTestId('device-continue');
  await waitFor(() => expect(proceed).toBeEnabled());
  await user.click(proceed);
  return screen.findByTestId('interview-room');
}

describe('Device check', () => {
  it('"면접 시작하기" creates the session and opens the device check with a camera preview and a mic level', async () => {
    loginAs('tok-start');
    const browser = fakeBrowser();
    const post = vi.fn((call) => [201, { ...server.state.session, ...call.json, first_question: server.state.questions[0] }]);
    const server = interviewServer({ status: 'created', routes: { 'POST /api/sessions': post } });
    const user = userEvent.setup();
    renderApp('/');

    await waitFor(() => expect(screen.getByTestId('start-name')).toHaveValue('김민지'));
    await user.type(screen.getByTestId('start-position'), '백엔드 개발자');
    // Nothing asks for the camera or microphone before consent.
    expect(browser.getUserMedia).not.toHaveBeenCalled();
    await user.click(await screen.findByTestId('consent-interview'));
    await user.click(screen.getByTestId('consent-emotion'));
    expect(browser.getUserMedia).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('start-submit'));

    const check = await screen.findByTestId('device-check');
    await waitFor(() => expect(check).toHaveAttribute('data-mode', 'full'));
    expect(post).toHaveBeenCalledTimes(1);
    const [call] = server.fetch.calls('POST /api/sessions');
    expect(call.headers.Authorization).toBe('Bearer tok-start');
    expect(JSON.parse(call.body)).toEqual({
      user_name: '김민지',
      position: '백엔드 개발자',
      consent: { interview: true, emotion_analysis: true, notice_version: NOTICE_VERSION },
    });

    expect(screen.getByTestId('session-id')).toHaveTextContent(String(SID));
    expect(screen.getByTestId('device-mode')).toHaveTextContent('영상 + 음성');
    expect(screen.getByTestId('device-camera-status')).toHaveAttribute('data-state', 'ok');
    expect(screen.getByTestId('device-mic-status')).toHaveAttribute('data-state', 'ok');
    const preview = screen.getByTestId('device-preview');
    expect(preview.tagName).toBe('VIDEO');
    expect(preview.muted).toBe(true);
    // The stream is attached by an effect after the render that shows the mode: wait for it, as a slow
    // machine may run the assertion first.
    await waitFor(() => expect(preview.srcObject).toBe(browser.getUserMedia.streams[0]));
    expect(browser.getUserMedia).toHaveBeenCalledTimes(1);
    expect(browser.getUserMedia.mock.calls[0][0]).toMatchObject({ video: expect.any(Object), audio: expect.any(Object) });
    // The level meter reads an AnalyserNode and moves.
    await waitFor(() => expect(Number(screen.getByTestId('mic-level').dataset.level)).toBeGreaterThan(0));
    expect(browser.audioContexts).toHaveLength(1);
    expect(screen.getByTestId('device-all-ok')).toBeInTheDocument();
    expect(screen.queryByTestId('device-audio-only')).not.toBeInTheDocument();
  });

  it('switches to audio-only mode when the camera is denied and says so on the page (no alert)', async () => {
    loginAs();
    const alert = vi.spyOn(window, 'alert').mockImplementation(() => {});
    const browser = fakeBrowser({ video: 'NotAllowedError' });
    interviewServer();
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);

    const notice = await screen.findByTestId('device-audio-only');
    expect(notice).toHaveTextContent('음성 전용 모드로 전환했습니다');
    expect(notice).toHaveAttribute('role', 'status');
    expect(screen.getByTestId('device-check')).toHaveAttribute('data-mode', 'audio-only');
    expect(screen.getByTestId('device-camera-status')).toHaveAttribute('data-state', 'denied');
    expect(screen.getByTestId('device-camera-status')).toHaveTextContent('권한이 거부됨');
    expect(screen.getByTestId('device-mic-status')).toHaveAttribute('data-state', 'ok');
    expect(screen.getByTestId('device-no-camera')).toBeInTheDocument();
    expect(screen.queryByTestId('device-preview')).not.toBeInTheDocument();
    expect(screen.getByTestId('mic-level')).toBeInTheDocument();
    expect(alert).not.toHaveBeenCalled();

    // In the room only the microphone is sent.
    await user.click(screen.getByTestId('device-continue'));
    expect(await screen.findByTestId('interview-mode')).toHaveAttribute('data-mode', 'audio-only');
    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));
    expect(browser.peers).toHaveLength(1);
    expect(browser.peers[0].senders.map((s) => s.track.kind)).toEqual(['audio']);
    expect(screen.getByTestId('room-no-camera')).toHaveTextContent('음성 전용 모드');
    expect(screen.getByTestId('voice-start')).toBeEnabled();
  });

  it('falls back to typed answers when there is neither camera nor microphone', async () => {
    loginAs();
    const browser = fakeBrowser({ video: 'NotFoundError', audio: 'NotFoundError' });
    const server = interviewServer();
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);

    expect(await screen.findByTestId('device-text-only')).toHaveTextContent('답변은 직접 입력해 주세요');
    expect(screen.getByTestId('device-camera-status')).toHaveAttribute('data-state', 'missing');
    expect(screen.getByTestId('device-mic-status')).toHaveAttribute('data-state', 'missing');
    expect(screen.queryByTestId('mic-level')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('device-continue'));
    expect(await screen.findByTestId('question-current')).toBeInTheDocument();
    expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'off');
    expect(screen.queryByTestId('voice-panel')).not.toBeInTheDocument();
    expect(screen.getByTestId('answer-input')).toBeEnabled();
    expect(browser.peers).toHaveLength(0);
    expect(server.fetch.calls('POST /media/offer')).toHaveLength(0);
  });

  it('"check again" asks for the devices again and stops the old tracks', async () => {
    loginAs();
    const browser = fakeBrowser();
    interviewServer();
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);
    await waitFor(() => expect(screen.getByTestId('device-check')).toHaveAttribute('data-mode', 'full'));
    const first = browser.getUserMedia.streams[0];

    await user.click(screen.getByTestId('device-retry'));
    await waitFor(() => expect(browser.getUserMedia).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByTestId('device-check')).toHaveAttribute('data-mode', 'full'));
    expect(first.getTracks().every((t) => t.readyState === 'ended')).toBe(true);
  });
});

describe('Interview room', () => {
  it('shows the question, progress and elapsed time, and connects WebRTC after ICE gathering completes', async () => {
    loginAs('tok-room');
    const browser = fakeBrowser();
    const server = interviewServer({ total: 5 });
    let gatheringAtOffer;
    const offer = server.fetch.getMockImplementation();
    server.fetch.mockImplementation(async (url, init = {}) => {
      if (String(url) === '/media/offer') gatheringAtOffer = browser.peers[0]?.iceGatheringState;
      return offer(url, init);
    });
    const user = userEvent.setup();
    await enterRoom(user);

    const current = await screen.findByTestId('question-current');
    expect(current).toHaveAttribute('data-order', '1');
    expect(screen.getByTestId('question-text')).toHaveTextContent('질문 1');
    expect(screen.getByTestId('interview-progress')).toHaveTextContent('질문 1 / 5');
    expect(screen.getByTestId('interview-elapsed')).toHaveTextContent(/\d\d:\d\d/);

    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));
    expect(screen.getByTestId('media-connection')).toHaveTextContent('연결됨');
    expect(browser.peers).toHaveLength(1);
    expect(browser.peers[0].senders.map((s) => s.track.kind).sort()).toEqual(['audio', 'video']);
    const [call] = server.fetch.calls('POST /media/offer');
    expect(call.headers.Authorization).toBe('Bearer tok-room');
    const body = JSON.parse(call.body);
    expect(body).toMatchObject({ type: 'offer', session_id: SID });
    expect(body.sdp).toContain('a=candidate');
    expect(gatheringAtOffer).toBe('complete');
    expect(browser.peers[0].remoteDescription).toMatchObject({ type: 'answer' });

    // The event stream carries the token in the URL (EventSource cannot send headers).
    expect(browser.sources[0].url).toBe(`/api/sessions/${SID}/events?access_token=tok-room`);
  });

  it('a typed answer is posted, "preparing the next question" shows, and question_ready brings the next', async () => {
    loginAs();
    const browser = fakeBrowser();
    const server = interviewServer({ total: 3 });
    const user = userEvent.setup();
    await enterRoom(user);
    const source = browser.sources.latest();
    source.open();

    await screen.findByTestId('question-current');
    await user.click(screen.getByTestId('answer-submit'));
    expect(screen.getByTestId('answer-error')).toHaveTextContent('답변을 입력해 주세요.');
    expect(server.fetch.calls(`POST /api/sessions/${SID}/answers`)).toHaveLength(0);

    await user.type(screen.getByTestId('answer-input'), 'Kafka 파이프라인을 설계했습니다.');
    expect(screen.getByTestId('answer-count')).toHaveTextContent('20 / 5000');
    await user.click(screen.getByTestId('answer-submit'));

    expect(await screen.findByTestId('next-question-pending')).toHaveTextContent('다음 질문을 준비하고 있습니다');
    expect(screen.queryByTestId('answer-input')).not.toBeInTheDocument();
    const [post] = server.fetch.calls(`POST /api/sessions/${SID}/answers`);
    expect(JSON.parse(post.body)).toEqual({ question_id: 101, answer_text: 'Kafka 파이프라인을 설계했습니다.' });
    expect(screen.getByTestId('interview-progress')).toHaveAttribute('data-answered', '1');

    server.addQuestion();
    source.emit('question_ready', { type: 'question_ready', session_id: SID, question_id: 102, order: 2 });
    await waitFor(() => expect(screen.getByTestId('question-current')).toHaveAttribute('data-order', '2'));
    expect(screen.getByTestId('interview-progress')).toHaveTextContent('질문 2 / 3');
    expect(screen.getByTestId('answer-input')).toHaveValue('');
    expect(screen.getByTestId('events-transport')).toHaveAttribute('data-transport', 'live');
  });

  it('waits for the first question with a visible state when the worker has not made it yet', async () => {
    loginAs();
    const browser = fakeBrowser();
    const server = interviewServer({ asked: 0 });
    const user = userEvent.setup();
    await enterRoom(user);
    expect(await screen.findByTestId('next-question-pending')).toHaveTextContent('첫 질문을 준비하고 있습니다');
    expect(screen.getByTestId('interview-progress')).toHaveTextContent('질문 1 / 3');
    server.addQuestion();
    browser.sources.latest().emit('question_ready', { question_id: 101, order: 1 });
    await waitFor(() => expect(screen.getByTestId('question-current')).toHaveAttribute('data-order', '1'));
    expect(screen.queryByTestId('next-question-pending')).not.toBeInTheDocument();
  });

  it("shows the server's detail when an answer is refused (409)", async () => {
    loginAs();
    fakeBrowser();
    interviewServer({ routes: { [`POST /api/sessions/${SID}/answers`]: [409, { detail: '이미 답변한 질문입니다.' }] } });
    const user = userEvent.setup();
    await enterRoom(user);
    await user.type(await screen.findByTestId('answer-input'), '답변');
    await user.click(screen.getByTestId('answer-submit'));
    expect(await screen.findByTestId('answer-error')).toHaveTextContent('이미 답변한 질문입니다.');
    expect(screen.getByTestId('answer-submit')).toBeEnabled();
  });

  it('falls back to polling every 2 s when the event stream fails', async () => {
    loginAs();
    const browser = fakeBrowser();
    const server = interviewServer({ total: 3 });
    const user = userEvent.setup();
    await enterRoom(user);
    await user.type(await screen.findByTestId('answer-input'), '첫 번째 답변입니다.');
    await user.click(screen.getByTestId('answer-submit'));
    await screen.findByTestId('next-question-pending');

    browser.sources.latest().fail();
    await waitFor(() => expect(screen.getByTestId('events-transport')).toHaveAttribute('data-transport', 'polling'));
    expect(browser.sources.every((s) => s.closed)).toBe(true);
    const before = server.fetch.calls(`GET /api/sessions/${SID}/questions`).length;

    server.addQuestion(); // no event: only a poll can find it
    await waitFor(() => expect(screen.getByTestId('question-current')).toHaveAttribute('data-order', '2'), { timeout: 4000 });
    expect(server.fetch.calls(`GET /api/sessions/${SID}/questions`).length).toBeGreaterThan(before);
  });

  it('answers by voice: recording indicator, "done speaking" posts /media/voice-answers, the transcript is shown', async () => {
    loginAs('tok-voice');
    const browser = fakeBrowser();
    const server = interviewServer({ total: 3 });
    const user = userEvent.setup();
    await enterRoom(user);
    await waitFor(() => expect(screen.getByTestId('voice-start')).toBeEnabled());
    expect(screen.queryByTestId('voice-recording')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('voice-start'));
    const recording = screen.getByTestId('voice-recording');
    expect(recording).toHaveTextContent('녹음 중');
    expect(within(recording).getByTestId('voice-recording-time')).toHaveTextContent('00:00');
    expect(within(recording).getByTestId('voice-level')).toBeInTheDocument();

    await user.click(screen.getByTestId('voice-stop'));
    expect(await screen.findByTestId('voice-transcribing')).toBeInTheDocument();
    const [call] = server.fetch.calls('POST /media/voice-answers');
    expect(call.headers.Authorization).toBe('Bearer tok-voice');
    expect(JSON.parse(call.body)).toEqual({ session_id: SID, question_id: 101 });

    // The worker transcribes it and the transcript becomes the answer.
    Object.assign(server.state.questions[0], { answer_text: 'Redis 캐시를 도입했습니다.', answer_source: 'voice', transcript: 'Redis 캐시를 도입했습니다.' });
    browser.sources.latest().emit('transcript_ready', { question_id: 101, text: 'Redis 캐시를 도입했습니다.', used_as_answer: true });
    expect(await screen.findByTestId('voice-transcript-text')).toHaveTextContent('Redis 캐시를 도입했습니다.');
    expect(await screen.findByTestId('next-question-pending')).toBeInTheDocument();

    server.addQuestion();
    browser.sources.latest().emit('question_ready', { question_id: 102, order: 2 });
    await waitFor(() => expect(screen.getByTestId('question-current')).toHaveAttribute('data-order', '2'));
  });

  it('an empty transcript asks the candidate to speak again or type', async () => {
    loginAs();
    const browser = fakeBrowser();
    interviewServer();
    const user = userEvent.setup();
    await enterRoom(user);
    await waitFor(() => expect(screen.getByTestId('voice-start')).toBeEnabled());
    await user.click(screen.getByTestId('voice-start'));
    await user.click(screen.getByTestId('voice-stop'));
    await screen.findByTestId('voice-transcribing');
    browser.sources.latest().emit('transcript_ready', { question_id: 101, text: '', used_as_answer: false });
    expect(await screen.findByTestId('voice-empty')).toHaveTextContent('음성을 인식하지 못했습니다');
    expect(screen.getByTestId('question-current')).toHaveAttribute('data-order', '1');
  });

  it('shows why a voice answer was refused (422 nothing recorded)', async () => {
    loginAs();
    fakeBrowser();
    interviewServer({ routes: { 'POST /media/voice-answers': [422, { detail: 'Nothing was recorded for this question yet.' }] } });
    const user = userEvent.setup();
    await enterRoom(user);
    await waitFor(() => expect(screen.getByTestId('voice-start')).toBeEnabled());
    await user.click(screen.getByTestId('voice-start'));
    await user.click(screen.getByTestId('voice-stop'));
    expect(await screen.findByTestId('voice-error')).toHaveTextContent('Nothing was recorded for this question yet.');
  });

  it('shows a refused media connection with its detail and reconnects on request', async () => {
    loginAs();
    const browser = fakeBrowser();
    let refuse = true;
    interviewServer({
      routes: {
        'POST /media/offer': () =>
          refuse ? [503, { detail: 'The media server is at capacity.' }] : [200, { sdp: 'v=0', type: 'answer', peer_id: 'p2' }],
      },
    });
    const user = userEvent.setup();
    await enterRoom(user);
    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'error'));
    expect(screen.getByTestId('media-error')).toHaveTextContent('The media server is at capacity.');
    expect(screen.getByTestId('voice-start')).toBeDisabled();
    expect(screen.getByTestId('voice-unavailable')).toBeInTheDocument();
    expect(browser.peers[0].closed).toBe(true);

    refuse = false;
    await user.click(screen.getByTestId('media-reconnect'));
    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));
    expect(browser.peers).toHaveLength(2);
  });

  it('the finish button asks first, posts /finish, closes the connection and opens the results', async () => {
    loginAs();
    const browser = fakeBrowser();
    const server = interviewServer({ total: 5 });
    const user = userEvent.setup();
    await enterRoom(user);
    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));

    await user.click(screen.getByTestId('interview-finish'));
    expect(screen.getByTestId('finish-confirm-panel')).toHaveTextContent('5개 질문 중 0개에 답했습니다');
    await user.click(screen.getByTestId('interview-finish-cancel'));
    expect(server.fetch.calls(`POST /api/sessions/${SID}/finish`)).toHaveLength(0);

    await user.click(screen.getByTestId('interview-finish'));
    await user.click(screen.getByTestId('interview-finish-confirm'));
    expect(await screen.findByTestId('results-page')).toBeInTheDocument();
    expect(server.fetch.calls(`POST /api/sessions/${SID}/finish`)).toHaveLength(1);
    expect(browser.peers[0].closed).toBe(true);
    expect(await screen.findByTestId('results-pending')).toHaveAttribute('data-status', 'processing');
    // Leaving the page stops the camera and the microphone.
    await waitFor(() => expect(browser.getUserMedia.streams[0].getTracks().every((t) => t.readyState === 'ended')).toBe(true));
  });

  it('answering the last question ends the interview and opens the results', async () => {
    loginAs();
    const browser = fakeBrowser();
    const server = interviewServer({ total: 1 });
    const user = userEvent.setup();
    await enterRoom(user);
    browser.sources.latest().open();
    await user.type(await screen.findByTestId('answer-input'), '마지막 답변입니다.');
    await user.click(screen.getByTestId('answer-submit'));
    expect(await screen.findByTestId('results-page')).toBeInTheDocument();
    expect(server.state.session.status).toBe('finished');
    expect(await screen.findByTestId('results-pending')).toBeInTheDocument();
  });

  it('a finished session opens its results instead of the device check', async () => {
    loginAs();
    const browser = fakeBrowser();
    interviewServer({ status: 'finished', results_status: 'processing' });
    renderApp(`/sessions/${SID}`);
    expect(await screen.findByTestId('results-page')).toBeInTheDocument();
    expect(browser.getUserMedia).not.toHaveBeenCalled();
  });
});
