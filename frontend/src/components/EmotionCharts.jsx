// The emotion charts (recharts). Loaded lazily: the library is large and only the results
// and the recruiter's session detail need it.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { EMOTIONS, EMOTION_COLORS, questionLabel, shareRows, timelineRows } from '../emotions.js';

const percent = (v) => `${Math.round(Number(v) || 0)}%`;

/** Per question, the share of frames (with one face) where each emotion was dominant: stacked bars. */
export function EmotionShareChart({ perQuestion, t, height = 260 }) {
  const rows = shareRows(perQuestion, t);
  return (
    <div className="chart" data-testid="emotion-share-chart" role="img" aria-label={t('emotions.shareChart')}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 640, height }}>
        <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} tickFormatter={percent} width={44} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value, name) => [percent(value), name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {EMOTIONS.map((emotion) => (
            <Bar
              key={emotion}
              dataKey={emotion}
              name={t(`emotion.${emotion}`)}
              stackId="share"
              fill={EMOTION_COLORS[emotion]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The probabilities of each emotion over the interview, with a marker where each question began. */
export function EmotionTimelineChart({ timeline, perQuestion, t, height = 300 }) {
  const { rows, markers } = timelineRows(timeline, perQuestion);
  const sparse = rows.length <= 60;
  return (
    <div className="chart" data-testid="emotion-timeline-chart" role="img" aria-label={t('emotions.timelineChart')}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 720, height }}>
        <LineChart data={rows} margin={{ top: 12, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`}
            tick={{ fontSize: 12 }}
          />
          <YAxis domain={[0, 100]} tickFormatter={percent} width={44} tick={{ fontSize: 12 }} />
          <Tooltip
            labelFormatter={(s) => t('emotions.atSeconds', { seconds: Math.round(s) })}
            formatter={(value, name) => [value == null ? '—' : percent(value), name]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {markers.map((m) => (
            <ReferenceLine
              key={m.key}
              x={m.t}
              stroke="#9aa0b4"
              strokeDasharray="4 4"
              label={{ value: questionLabel(m.order, t), position: 'insideTopLeft', fontSize: 11, fill: '#5d6478' }}
            />
          ))}
          {EMOTIONS.map((emotion) => (
            <Line
              key={emotion}
              dataKey={emotion}
              name={t(`emotion.${emotion}`)}
              type="linear"
              stroke={EMOTION_COLORS[emotion]}
              dot={sparse ? { r: 2 } : false}
              strokeWidth={emotion === 'neutral' || emotion === 'happy' ? 2 : 1.5}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export default { EmotionShareChart, EmotionTimelineChart };
