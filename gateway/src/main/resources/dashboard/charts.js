// Draws the panels of panels.js with uPlot: lines for infinite-width predictions, points with
// standard-error bars for simulations, log axes where the panel asks for them.
'use strict';

const Charts = (() => {
  const WIDTH = 560;
  const HEIGHT = 330;

  /** The x values of every series, in order; on a log axis non-positive ones cannot be drawn. */
  function alignedX(panel) {
    const xs = new Set();
    panel.series.forEach(s => s.points.forEach(p => {
      if (!(panel.xLog && p.x <= 0)) xs.add(p.x);
    }));
    return [...xs].sort((a, b) => a - b);
  }

  function column(panel, s, xs, pick) {
    const byX = new Map(s.points.map(p => [p.x, p]));
    return xs.map(x => {
      const p = byX.get(x);
      const y = p ? p.y : null;
      if (y === null || y === undefined || (panel.yLog && y <= 0)) return null;
      return pick(p);
    });
  }

  /** uPlot plugin: a vertical bar of +- one standard error through every simulation point. */
  function errorBars(errs) {
    return {
      hooks: {
        draw: u => {
          const ctx = u.ctx;
          const dpr = window.devicePixelRatio || 1;
          ctx.save();
          ctx.lineWidth = dpr;
          const bottom = u.bbox.top + u.bbox.height;
          for (let si = 1; si < u.series.length; si++) {
            const e = errs[si];
            if (!e || !u.series[si].show) continue;
            ctx.strokeStyle = u.series[si]._stroke || u.series[si].stroke;
            const xs = u.data[0];
            const ys = u.data[si];
            for (let i = 0; i < xs.length; i++) {
              if (ys[i] === null || e[i] === null || e[i] === 0) continue;
              const x = u.valToPos(xs[i], 'x', true);
              const lowValue = ys[i] - e[i];
              const yLow = lowValue > 0 || !u.scales.y.distr || u.scales.y.distr !== 3
                ? u.valToPos(lowValue, 'y', true) : bottom;
              const yHigh = u.valToPos(ys[i] + e[i], 'y', true);
              ctx.beginPath();
              ctx.moveTo(x, Math.min(yLow, bottom));
              ctx.lineTo(x, yHigh);
              ctx.moveTo(x - 3 * dpr, yHigh);
              ctx.lineTo(x + 3 * dpr, yHigh);
              ctx.stroke();
            }
          }
          ctx.restore();
        },
      },
    };
  }

  function uplotSeries(s, drawable) {
    const base = { label: s.label, stroke: s.colour, width: 2 };
    if (s.kind === 'points') {
      return { ...base, paths: () => null, points: { show: true, size: 8, stroke: s.colour, fill: s.colour } };
    }
    // a line through fewer than two points is invisible: mark such a point instead
    return { ...base, dash: s.dash || undefined, spanGaps: true, points: { show: drawable < 2, size: 7, fill: s.colour } };
  }

  function scale(log) {
    return log ? { time: false, distr: 3, log: 10 } : { time: false };
  }

  /** Appends one chart for the panel to the container; returns the uPlot instance. */
  function draw(container, panel) {
    const box = document.createElement('div');
    box.className = 'chart';
    box.dataset.panel = panel.id;
    const h = document.createElement('h3');
    h.textContent = panel.title;
    box.appendChild(h);
    container.appendChild(box);

    const xs = alignedX(panel);
    const data = [xs];
    const errs = [null];
    const series = [{ label: panel.xLabel }];
    let drawn = 0;
    for (const s of panel.series) {
      const ys = column(panel, s, xs, p => p.y);
      const drawable = ys.filter(y => y !== null).length;
      drawn += drawable;
      data.push(ys);
      errs.push(s.kind === 'points' ? column(panel, s, xs, p => p.err) : null);
      series.push(uplotSeries(s, drawable));
    }
    box.dataset.series = String(panel.series.length);
    box.dataset.points = String(drawn);

    const xAxis = { label: panel.xLabel, stroke: '#1d2330' };
    const scales = { x: scale(panel.xLog), y: scale(panel.yLog) };
    if (panel.categories) {
      const cats = panel.categories;
      xAxis.splits = () => cats.map((_, i) => i);
      xAxis.values = (u, splits) => splits.map(v => cats[v] || '');
      scales.x.range = () => [-0.5, cats.length - 0.5];
    }
    const opts = {
      width: WIDTH, height: HEIGHT, series, scales,
      axes: [xAxis, { label: panel.yLabel, stroke: '#1d2330' }],
      legend: { live: false },
      plugins: [errorBars(errs)],
    };
    const chart = new uPlot(opts, data, box);
    const note = document.createElement('div');
    note.className = 'scales';
    note.textContent = (panel.xLog ? 'log x' : 'linear x') + ', ' + (panel.yLog ? 'log y' : 'linear y')
      + '; lines: infinite width (theory solid, kernel dashed, bayes dotted), points: simulation ± standard error';
    box.appendChild(note);
    return chart;
  }

  return { draw };
})();
