// Turns a job result's tidy rows into chart panels, with the conventions of the CLI's SVG plots
// (standalone/src/main/java/org/transferlab/plot): test loss against the swept parameter under its
// paper symbol, against gradient-flow time t when rows carry curves, the preactivation densities, and
// test loss by protocol when there is neither sweep nor curve. Infinite-width predictions (theory,
// kernel) are lines, finite-width simulations points with standard-error bars; a theory line and the
// simulation it predicts share a colour. Pure functions, no DOM.
'use strict';

const Panels = (() => {
  const MAX_SERIES_PER_PANEL = 8;
  const X_PREFERENCE = ['target.samples', 'source.samples'];
  const SYMBOLS = {
    'target.task.alignment': 'alpha_s', 'target.task.noiseAlignment': 'alpha_g',
    'source.gamma': 'gamma1', 'target.gamma': 'gamma2',
  };
  const RATIOS = { 'target.samples': ['nu2', 'nu2 = P2/D', 'P2'], 'source.samples': ['nu1', 'nu1 = P1/D', 'P1'] };
  // line patterns of the infinite-width methods (theory solid)
  const DASHES = { kernel: [6, 4], bayes: [2, 3] };
  const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

  function finite(v) {
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }

  /** A swept spec path as the paper names it, and where a row's value is read from. */
  function variable(key, rows) {
    const ratio = RATIOS[key];
    if (ratio) {
      const everyRow = rows.length > 0 && rows.every(r => r.point && typeof r.point[ratio[0]] === 'number');
      return everyRow ? { key, symbol: ratio[0], label: ratio[1], source: ratio[0] }
        : { key, symbol: ratio[2], label: ratio[2] + ' (' + key + ')', source: key };
    }
    const symbol = SYMBOLS[key];
    return symbol ? { key, symbol, label: symbol + ' (' + key + ')', source: key } : { key, symbol: key, label: key, source: key };
  }

  function format(v) {
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(4)));
  }

  function term(v, row) {
    return v.symbol + '=' + format(row.point ? row.point[v.source] : undefined);
  }

  /** Log scale when values are not negative and the positive ones span a factor of 20 or more. */
  function wantsLog(values) {
    const vs = values.filter(v => v !== null);
    if (vs.length === 0 || vs.some(v => v < 0)) return false;
    const pos = vs.filter(v => v > 0);
    return pos.length >= 2 && Math.max(...pos) / Math.min(...pos) >= 20;
  }

  /**
   * Groups rows into series: the condition (protocol and the other swept terms) picks the colour,
   * the method the style.
   */
  function group(rows, termsOf) {
    const groups = new Map();
    for (const r of rows) {
      const terms = termsOf(r);
      const condition = [r.protocol].concat(terms).join(', ');
      const id = condition + '|' + r.method;
      if (!groups.has(id)) groups.set(id, { condition, protocol: r.protocol, method: r.method, rows: [] });
      groups.get(id).rows.push(r);
    }
    return [...groups.values()];
  }

  /** One panel, or one per protocol (on shared axes) when there are too many series for one. */
  function split(groups) {
    if (groups.length <= MAX_SERIES_PER_PANEL) return [[null, groups]];
    const byProtocol = new Map();
    for (const g of groups) {
      if (!byProtocol.has(g.protocol)) byProtocol.set(g.protocol, []);
      byProtocol.get(g.protocol).push(g);
    }
    return byProtocol.size > 1 ? [...byProtocol.entries()] : [[null, groups]];
  }

  function styled(g, colours, points) {
    if (!colours.has(g.condition)) colours.set(g.condition, COLOURS[colours.size % COLOURS.length]);
    const simulation = g.method === 'simulation';
    return {
      label: g.condition + ' · ' + g.method, method: g.method, colour: colours.get(g.condition),
      kind: simulation ? 'points' : 'line', dash: DASHES[g.method] || null, points,
    };
  }

  function finishPanels(prefix, title, xLabel, groups, pointsOf) {
    const all = [];
    const parts = split(groups).map(([protocol, gs]) => {
      const colours = new Map();
      const series = gs.map(g => styled(g, colours, pointsOf(g)));
      all.push(...series);
      return { protocol, series };
    });
    const xs = all.flatMap(s => s.points.map(p => p.x));
    const ys = all.flatMap(s => s.points.map(p => p.y));
    const xLog = wantsLog(xs);
    const yLog = wantsLog(ys);
    return parts.map(({ protocol, series }) => ({
      id: prefix + (protocol ? '-' + protocol : ''),
      title: title + (protocol ? ', protocol ' + protocol : ''),
      xLabel, yLabel: 'test loss', xLog, yLog, series,
    }));
  }

  function sweepPanels(result) {
    const sweep = result.spec && result.spec.sweep;
    const rows = result.rows || [];
    if (!sweep || Object.keys(sweep).length === 0 || rows.length === 0) return [];
    const keys = Object.keys(sweep);
    const xKey = X_PREFERENCE.find(k => keys.includes(k)) || keys[0];
    const x = variable(xKey, rows);
    const others = keys.filter(k => k !== xKey).map(k => variable(k, rows));
    const groups = group(rows, r => others.map(v => term(v, r)));
    return finishPanels('test-loss-vs-' + x.symbol, 'test loss vs ' + x.label, x.label, groups, g =>
      g.rows.map(r => ({ x: finite(r.point ? r.point[x.source] : null), y: finite(r.testLoss), err: finite(r.testLossStdErr) }))
        .filter(p => p.x !== null).sort((a, b) => a.x - b.x));
  }

  function sweptTerms(result, rows) {
    const sweep = (result.spec && result.spec.sweep) || {};
    const vars = Object.keys(sweep).map(k => variable(k, rows));
    return r => vars.map(v => term(v, r));
  }

  function curvePanels(result) {
    const rows = (result.rows || []).filter(r => Array.isArray(r.steps) && Array.isArray(r.testLossCurve) && r.steps.length > 0);
    if (rows.length === 0) return [];
    const groups = group(rows, sweptTerms(result, result.rows));
    return finishPanels('test-loss-vs-steps', 'test loss vs gradient-flow time', 'gradient-flow time t', groups, g => {
      const r = g.rows[0];
      return r.steps.map((s, i) => ({
        x: finite(s), y: finite(r.testLossCurve[i]),
        err: r.testLossCurveStdErr ? finite(r.testLossCurveStdErr[i]) : null,
      })).filter(p => p.x !== null);
    });
  }

  function densityPanels(result) {
    const rows = (result.rows || []).filter(r => r.preactivations && Array.isArray(r.preactivations.density));
    if (rows.length === 0) return [];
    const groups = group(rows, sweptTerms(result, result.rows));
    const panels = finishPanels('preactivations', 'preactivation density of the target model (test inputs)',
      'preactivation h', groups, g => {
        const d = g.rows[0].preactivations;
        const n = d.density.length;
        const w = (d.high - d.low) / n;
        return d.density.map((v, i) => ({ x: d.low + (i + 0.5) * w, y: finite(v), err: null }));
      });
    // densities are drawn as lines whatever the method: points would hide the shape
    panels.forEach(p => {
      p.yLabel = 'density';
      p.xLog = false;
      p.yLog = false;
      p.series.forEach(s => { s.kind = 'line'; s.dash = s.method === 'simulation' ? null : [6, 4]; });
    });
    return panels;
  }

  /** Every row's kernel-target alignment A(t) against gradient-flow time, styled like the loss curves. */
  function alignmentPanels(result) {
    const rows = (result.rows || []).filter(r => Array.isArray(r.steps) && Array.isArray(r.alignmentCurve)
      && r.alignmentCurve.some(a => finite(a) !== null));
    if (rows.length === 0) return [];
    const groups = group(rows, sweptTerms(result, result.rows));
    const panels = finishPanels('alignment-vs-steps', 'kernel-target alignment vs gradient-flow time',
      'gradient-flow time t', groups, g => {
        const r = g.rows[0];
        return r.steps.map((s, i) => ({ x: finite(s), y: finite(r.alignmentCurve[i]), err: null }))
          .filter(p => p.x !== null);
      });
    panels.forEach(p => {
      p.yLabel = 'kernel-target alignment A';
      p.yLog = false;
      p.series.forEach(s => { s.kind = 'line'; });
    });
    return panels;
  }

  /** The top eigenvalues over the trace of the source or target adaptive kernel, against their rank. */
  function spectrumPanels(result, which) {
    const rows = (result.rows || []).filter(r => r.spectra && Array.isArray(r.spectra[which]) && r.spectra[which].length);
    if (rows.length === 0) return [];
    const groups = group(rows, sweptTerms(result, result.rows));
    const panels = finishPanels('kernel-spectrum-' + which, which + ' kernel spectrum on the target inputs (top 20, over the trace)',
      'rank k', groups, g => g.rows[0].spectra[which].map((v, i) => ({ x: i + 1, y: finite(v), err: null })));
    panels.forEach(p => {
      p.yLabel = 'eigenvalue / trace';
      p.xLog = false;
      p.series.forEach(s => { s.kind = 'line'; });
    });
    return panels;
  }

  function summaryPanels(result) {
    const rows = (result.rows || []).filter(r => finite(r.testLoss) !== null);
    if (rows.length === 0) return [];
    const protocols = [...new Set(rows.map(r => r.protocol))];
    const groups = group(rows, () => []).map(g => ({ ...g, condition: g.method }));
    const panels = finishPanels('test-loss-by-protocol', 'test loss by protocol', 'protocol', groups, g =>
      g.rows.map(r => ({ x: protocols.indexOf(r.protocol), y: finite(r.testLoss), err: finite(r.testLossStdErr) })));
    panels.forEach(p => {
      p.categories = protocols;
      p.xLog = false;
      p.series.forEach(s => { s.kind = 'points'; });
    });
    return panels;
  }

  /** Every panel of a result, in the order the CLI writes its SVG files. */
  function build(result) {
    const panels = sweepPanels(result).concat(curvePanels(result));
    return (panels.length ? panels : summaryPanels(result)).concat(densityPanels(result), alignmentPanels(result),
      spectrumPanels(result, 'source'), spectrumPanels(result, 'target'));
  }

  return { build };
})();
