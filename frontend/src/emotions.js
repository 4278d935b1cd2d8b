// Emotion data helpers (pure functions, shared by the charts and their text tables).

export const EMOTIONS = ['neutral', 'happy', 'surprise', 'sad', 'fear', 'angry', 'disgust'];

export const EMOTION_COLORS = {
  neutral: '#94a3b8',
  happy: '#22c55e',
  surprise: '#f59e0b',
  sad: '#3b82f6',
  fear: '#8b5cf6',
  angry: '#ef4444',
  disgust: '#14b8a6',
};

/** At most this many points are drawn on the timeline; longer interviews are averaged in buckets. */
export const MAX_TIMELINE_POINTS = 300;

export function questionLabel(order, t) {
  return order == null ? t('emotions.outside') : t('emotions.questionShort', { order });
}

/** The emotion with the largest share, or null when no frame had exactly one face. */
export function topEmotion(share) {
  let best = null;
  for (const emotion of EMOTIONS) {
    const value = Number(share?.[emotion]) || 0;
    if (value > 0 && (best === null || value > best.value)) best = { emotion, value };
  }
  return best;
}

/** Rows for the per-question share chart: {label, order, <emotion>: percent}. */
export function shareRows(perQuestion, t) {
  return (perQuestion || []).map((q) => {
    const row = { label: questionLabel(q.order, t), order: q.order, frames: q.frames };
    for (const emotion of EMOTIONS) row[emotion] = Math.round((Number(q.share?.[emotion]) || 0) * 1000) / 10;
    return row;
  });
}

/**
 * Rows for the timeline chart: {t: seconds since the first frame, <emotion>: percent | null}.
 * Frames without exactly one face have no probabilities and leave a gap. Long timelines are
 * averaged into at most MAX_TIMELINE_POINTS buckets. `markers` are where each question's frames begin.
 */
export function timelineRows(timeline, perQuestion, maxPoints = MAX_TIMELINE_POINTS) {
  const points = (timeline || [])
    .map((p) => ({ ...p, ms: Date.parse(p.captured_at) }))
    .filter((p) => Number.isFinite(p.ms))
    .sort((a, b) => a.ms - b.ms);
  if (!points.length) return { rows: [], markers: [] };
  const start = points[0].ms;
  const orders = new Map((perQuestion || []).map((q) => [q.question_id, q.order]));

  const markers = [];
  let lastQuestion;
  for (const p of points) {
    if (p.question_id !== lastQuestion) {
      lastQuestion = p.question_id;
      if (p.question_id != null) {
        markers.push({ key: `q-${p.question_id}-${p.ms}`, t: (p.ms - start) / 1000, order: orders.get(p.question_id) ?? null });
      }
    }
  }

  const bucketSize = Math.max(1, Math.ceil(points.length / maxPoints));
  const rows = [];
  for (let i = 0; i < points.length; i += bucketSize) {
    const bucket = points.slice(i, i + bucketSize);
    const withFace = bucket.filter((p) => p.probabilities);
    const row = { t: Math.round(((bucket[0].ms - start) / 1000) * 10) / 10 };
    for (const emotion of EMOTIONS) {
      row[emotion] = withFace.length
        ? Math.round((withFace.reduce((sum, p) => sum + (Number(p.probabilities[emotion]) || 0), 0) / withFace.length) * 1000) / 10
        : null;
    }
    rows.push(row);
  }
  return { rows, markers };
}
