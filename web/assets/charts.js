// Bar charts as inline SVG, drawn here (no library): grouped bars over
// categories, a y axis with round ticks and grid lines, axis titles and a
// legend in Japanese. Each bar carries data-series, data-index and
// data-value, and a <title> the browser shows on hover.
//
//   barChart({
//     categories: ['11/3', '11/10', …], series: [{key: 'received', name: '受付', className: 'bar-received', values: [3, 5, …]}],
//     xTitle: '週（開始日）', yTitle: '件数', unit: '件', testid: 'chart-weekly', label: '週ごとの受付件数と完了件数',
//   })

import {svg} from './dom.js';

const WIDTH = 640;
const HEIGHT = 250;
const MARGIN = {top: 28, right: 12, bottom: 46, left: 46};

export function barChart({categories, series, xTitle = '', yTitle = '', unit = '', testid = null, label = ''}) {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => Number(v) || 0)));
  const {top, step} = niceScale(max);
  const y = (v) => MARGIN.top + plotH - (v / top) * plotH;
  const band = categories.length ? plotW / categories.length : plotW;
  const groupW = band * 0.76;
  const barW = series.length ? groupW / series.length : groupW;
  // Thin out the x labels when they would collide.
  const every = Math.max(1, Math.ceil(categories.length / Math.floor(plotW / 46)));

  const root = svg('svg', {class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label, 'data-testid': testid},
    svg('title', {}, label));

  const grid = svg('g', {class: 'grid'});
  const yAxis = svg('g', {class: 'axis'});
  for (let v = 0; v <= top + 1e-9; v += step) {
    grid.append(svg('line', {x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(v), y2: y(v)}));
    yAxis.append(svg('text', {x: MARGIN.left - 6, y: y(v) + 4, 'text-anchor': 'end'}, formatTick(v)));
  }
  yAxis.append(svg('line', {x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: MARGIN.top + plotH}));
  yAxis.append(svg('line', {x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: MARGIN.top + plotH, y2: MARGIN.top + plotH}));
  root.append(grid, yAxis);

  const bars = svg('g', {class: 'bars'});
  categories.forEach((category, i) => {
    const x0 = MARGIN.left + i * band + (band - groupW) / 2;
    series.forEach((s, j) => {
      const v = Number(s.values[i]) || 0;
      bars.append(svg('rect', {
        class: s.className, x: x0 + j * barW + 0.5, y: y(v), width: Math.max(1, barW - 1), height: Math.max(0, MARGIN.top + plotH - y(v)),
        'data-series': s.key, 'data-index': i, 'data-value': v,
      }, svg('title', {}, `${category}　${s.name}：${v}${unit}`)));
    });
    if (i % every === 0) {
      root.append(svg('text', {x: MARGIN.left + i * band + band / 2, y: MARGIN.top + plotH + 15, 'text-anchor': 'middle'}, category));
    }
  });
  root.append(bars);

  if (xTitle) root.append(svg('text', {class: 'axis-title', x: MARGIN.left + plotW / 2, y: HEIGHT - 8, 'text-anchor': 'middle'}, xTitle));
  if (yTitle) root.append(svg('text', {class: 'axis-title', x: 6, y: MARGIN.top - 12}, yTitle));

  // Legend, top right.
  let lx = WIDTH - MARGIN.right;
  for (const s of [...series].reverse()) {
    const w = 18 + s.name.length * 12;
    lx -= w + 10;
    root.append(svg('rect', {class: s.className, x: lx, y: 8, width: 10, height: 10, rx: 2}),
      svg('text', {x: lx + 14, y: 17}, s.name));
  }
  return root;
}

// A top for the y axis and a step between ticks, both round (1, 2, 5 × 10^k).
function niceScale(max) {
  if (max <= 0) return {top: 4, step: 1};
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const wholeStep = Math.max(1, step);
  return {top: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep};
}

function formatTick(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
