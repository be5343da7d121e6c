// An inline SVG sparkline of recent round-trip times.
const NS = 'http://www.w3.org/2000/svg';

export function sparkline(samples, { width = 280, height = 56 } = {}) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('role', 'img');
  const values = samples.map(s => s.ms);
  if (values.length === 0) {
    svg.setAttribute('aria-label', 'No round-trip samples yet');
    const text = document.createElementNS(NS, 'text');
    text.setAttribute('x', 4);
    text.setAttribute('y', height / 2 + 4);
    text.setAttribute('class', 'spark-empty');
    text.textContent = 'no round trips sampled yet';
    svg.append(text);
    return svg;
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const last = values[values.length - 1];
  const fmt = v => (v < 10 ? v.toFixed(1) : Math.round(v)) + ' ms';
  svg.setAttribute('aria-label', `Round-trip time over the last ${values.length} samples: min ${fmt(min)}, max ${fmt(max)}, latest ${fmt(last)}`);
  const pad = 6;
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const points = values.map((v, i) => [pad + i * step, height - pad - ((v - min) / span) * (height - 2 * pad)]);
  const area = document.createElementNS(NS, 'polygon');
  area.setAttribute('class', 'spark-area');
  area.setAttribute('points', [...points, [points[points.length - 1][0], height - pad], [pad, height - pad]].map(p => p.join(',')).join(' '));
  const line = document.createElementNS(NS, 'polyline');
  line.setAttribute('class', 'spark-line');
  line.setAttribute('points', points.map(p => p.map(n => n.toFixed(1)).join(',')).join(' '));
  const dot = document.createElementNS(NS, 'circle');
  const [lx, ly] = points[points.length - 1];
  dot.setAttribute('cx', lx.toFixed(1));
  dot.setAttribute('cy', ly.toFixed(1));
  dot.setAttribute('r', 3);
  dot.setAttribute('class', 'spark-dot');
  const title = document.createElementNS(NS, 'title');
  title.textContent = svg.getAttribute('aria-label');
  svg.append(title, area, line, dot);
  return svg;
}

/** Samples kept per machine for this browser tab (sessionStorage), newest last, at most 60. */
export function rttSamples(endpointId) {
  try { return JSON.parse(sessionStorage.getItem('caisey.rtt.' + endpointId)) || []; } catch { return []; }
}

/** Adds a sample when the endpoint shows a new round trip (a new lastContactAt); true when one was added. */
export function sampleRtt(endpoint) {
  const r = endpoint.reachability;
  if (r.state !== 'reachable' || r.lastRttMs === null || r.lastRttMs === undefined) return false;
  const samples = rttSamples(endpoint.id);
  const key = r.lastContactAt || '';
  if (samples.length > 0 && samples[samples.length - 1].at === key) return false;
  samples.push({ at: key, ms: r.lastRttMs });
  sessionStorage.setItem('caisey.rtt.' + endpoint.id, JSON.stringify(samples.slice(-60)));
  return true;
}
