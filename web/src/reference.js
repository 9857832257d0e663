// Colour it like this photo, as colorize.reference does in Python: the photo's and the reference's cells matched by
// the network's own encoder features (the `features_*` outputs `colorize-web` adds to the model), and the reference's
// colour at the most similar mutual matches given as hints. Settings come from `web.json`'s `reference`.
import {labHex, hexRgb, reduce, resize, rgbLab} from './color.js';
import {meanChroma, TINY} from './repair.js';

/** Each cell's feature (`cell_features`): its stride-16 feature beside its stride-8 ones averaged over the cell, each centred and L2-normalised. */
export function cellFeatures([f8, f16], h, w) {  // `{data, dims: [1, h', w', c]}` per block; `h × w` cells
  const parts = [[f8, 2], [f16, 1]].map(([f, k]) => {
    const [, , W, c] = f.dims, x = new Float32Array(h * w * c), mean = new Float64Array(c);
    for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) s += f.data[((k * y + dy) * W + k * i + dx) * c + ch];
      x[(y * w + i) * c + ch] = s / (k * k); mean[ch] += s / (k * k) / (h * w);
    }
    for (let r = 0; r < h * w; r++) {
      let n = 0;
      for (let ch = 0; ch < c; ch++) { x[r * c + ch] -= mean[ch]; n += x[r * c + ch] ** 2; }
      for (let ch = 0; ch < c; ch++) x[r * c + ch] /= Math.sqrt(n) + 1e-6;
    }
    return {x, c};
  });
  const c = parts[0].c + parts[1].c, out = new Float32Array(h * w * c);
  for (let r = 0; r < h * w; r++) {
    let o = r * c;
    for (const {x, c: k} of parts) { out.set(x.subarray(r * k, (r + 1) * k).map((v) => v / Math.SQRT2), o); o += k; }
  }
  return {data: out, n: h * w, c};
}

/** The most similar mutual nearest neighbours (`match`), at least `gap` cells apart in the photo: `[row, col, reference cell]`. */
export function match(ft, fr, width, points, gap) {
  const S = new Float32Array(ft.n * fr.n);
  for (let i = 0; i < ft.n; i++) for (let j = 0; j < fr.n; j++) {
    let s = 0;
    for (let k = 0; k < ft.c; k++) s += ft.data[i * ft.c + k] * fr.data[j * fr.c + k];
    S[i * fr.n + j] = s;
  }
  const nt = new Int32Array(ft.n), nr = new Int32Array(fr.n).fill(-1), best = new Float32Array(fr.n).fill(-Infinity);
  for (let i = 0; i < ft.n; i++) {
    let b = 0;
    for (let j = 0; j < fr.n; j++) {
      if (S[i * fr.n + j] > S[i * fr.n + b]) b = j;
      if (S[i * fr.n + j] > best[j]) { best[j] = S[i * fr.n + j]; nr[j] = i; }
    }
    nt[i] = b;
  }
  const mutual = [...nt.keys()].filter((i) => nr[nt[i]] === i).sort((a, b) => S[b * fr.n + nt[b]] - S[a * fr.n + nt[a]]);
  const kept = [];
  for (const i of mutual) {
    const y = Math.floor(i / width), x = i % width;
    if (kept.every(([a, b]) => Math.max(Math.abs(y - a), Math.abs(x - b)) >= gap)) kept.push([y, x, nt[i]]);
    if (kept.length === points) break;
  }
  return kept;
}

const cells = (p, s) => [Math.ceil(p.wh / s), Math.ceil(p.ww / s)];

/** A reference photo made ready (`Reference`): its cells' features, colours and mean chroma; an Error when it is gray. */
export async function makeReference(colorizer, rgba, h, w, name) {
  const cfg = colorizer.cfg, rc = cfg.reference, k = Math.max(1, Math.floor(Math.max(h, w) / 256));
  const planes = [0, 1, 2].map((c) => Float32Array.from({length: h * w}, (_, i) => rgba[4 * i + c]));
  const small = planes.map((pl) => reduce(pl, h, w, k, k)), n = small[0].length;
  let chroma = 0;
  for (let i = 0; i < n; i++) { const [, a, b] = rgbLab(small.map((pl) => Math.round(pl[i])), cfg); chroma += Math.hypot(a, b) / n; }
  if (chroma < rc.min_chroma) throw new Error(`${name} is gray: a reference gives its colours, and it has none`);
  const p = colorizer.prepare(rgba, h, w);
  await colorizer.run(p, []);
  const s = rc.cell, [ch, cw] = cells(p, s), rgb = planes.map((pl) => resize(pl, h, w, p.wh, p.ww));
  const lab = new Float64Array(ch * cw * 3);  // each cell's mean Lab, the photo's edge repeated past it
  for (let y = 0; y < ch * s; y++) for (let x = 0; x < cw * s; x++) {
    const i = Math.min(y, p.wh - 1) * p.ww + Math.min(x, p.ww - 1), v = rgbLab(rgb.map((pl) => Math.min(255, Math.max(0, Math.round(pl[i])))), cfg);
    for (let c = 0; c < 3; c++) lab[(Math.floor(y / s) * cw + Math.floor(x / s)) * 3 + c] += v[c] / (s * s);
  }
  const colours = Array.from({length: ch * cw}, (_, r) => hexRgb(labHex(lab[3 * r], lab[3 * r + 1], lab[3 * r + 2], cfg)));
  let mean = 0;
  for (let r = 0; r < ch * cw; r++) mean += Math.hypot(lab[3 * r + 1], lab[3 * r + 2]) / (ch * cw);
  return {name, colours, chroma: mean, features: cellFeatures(p.features, ch, cw)};
}

/** Hints for a prepared (and run) photo `p`: the reference's colour at each confident match, in the photo's pixels. */
export function referenceHints(ref, p, rc) {
  const s = rc.cell, [ch, cw] = cells(p, s);
  return match(cellFeatures(p.features, ch, cw), ref.features, cw, rc.points, rc.gap).map(([y, x, r]) =>
    ({x: Math.min(p.w - 1, (x + 0.5) * s * p.w / p.ww), y: Math.min(p.h - 1, (y + 0.5) * s * p.h / p.wh), rgb: ref.colours[r]}));
}

/** `keep_colour`: ab planes scaled up towards the reference's mean chroma, by at most `max_gain`; never down. */
export function keepColour(A, B, ref, rc) {
  const gain = Math.min(rc.max_gain, Math.max(1, ref.chroma / Math.max(meanChroma(A, B), TINY)));
  return [A.map((v) => v * gain), B.map((v) => v * gain)];
}
