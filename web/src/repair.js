// Old prints repaired before colour, as colorize.repair.Repairer does in Python: the damage detector (LiteRT.js),
// the tone restored, the damage filled with Telea's method (a port of OpenCV's `cv2.inpaint`), and the colour of a
// repaired photo made plain over plain regions (`plain_colour`). Every setting comes from `web.json`'s `repair`.
import {padTo, resize} from './color.js';
import {Network} from './network.js';

const KNOWN = 0, BAND = 1, INSIDE = 2, CHANGE = 3;
const FLAT = 1 / 100, FLOOR = 1e-6;  // OpenCV's: a direction term |r · ∇T| up to FLAT counts as FLOOR
export const TINY = 1 / 1000;  // Python's floor on a tonal range and on a mean chroma before dividing by them

/** NumPy's `percentile` (linear interpolation) of the values in `v`. */
function percentile(v, q) {
  const s = Float32Array.from(v).sort(), i = (q / 100) * (s.length - 1), lo = Math.floor(i), hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}

/** Undo fading (`restore_tone`): the print's black and white points, read off its undamaged pixels, stretched `share` of the way. */
export function restoreTone(L, h, w, mask, cfg) {
  const sample = [];
  for (let y = 0; y < h; y += 4) for (let x = 0; x < w; x += 4) if (!mask || !mask[y * w + x]) sample.push(L[y * w + x]);
  if (sample.length < 16) return L;
  const lo = percentile(sample, cfg.low), hi = percentile(sample, cfg.high);
  if (lo <= cfg.faded) return L;  // deep blacks: not faded
  const toLo = cfg.black, toHi = hi < cfg.white ? cfg.white : hi;
  const gain = Math.min(cfg.max_gain, (toHi - toLo) / Math.max(hi - lo, TINY));
  if (gain <= 1) return L;
  const out = new Float32Array(L.length), c = (lo + hi) / 2, mid = c + cfg.share * ((toLo + toHi) / 2 - c), g = 1 + cfg.share * (gain - 1);
  for (let i = 0; i < L.length; i++) out[i] = Math.min(100, Math.max(0, mid + (L[i] - c) * g));
  return out;
}

/** `connected`: the `seed` pixels, and those of `weak` 8-connected to them through `weak` (hysteresis), of an `h × w` map. */
export function connected(seed, weak, h, w) {
  const out = Uint8Array.from(seed), stack = [];
  for (let i = 0; i < out.length; i++) if (out[i]) stack.push(i);
  while (stack.length) {
    const p = stack.pop(), y = Math.floor(p / w), x = p % w;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const v = y + dy, u = x + dx, q = v * w + u;
      if (v < 0 || u < 0 || v >= h || u >= w || out[q] || !weak[q]) continue;
      out[q] = 1; stack.push(q);
    }
  }
  return out;
}

/** A min-heap of pixels keyed by their arrival time, first in first out among equal times (as OpenCV's sorted list). */
class Heap {
  constructor() { this.t = []; this.i = []; this.n = []; this.count = 0; }
  get size() { return this.t.length; }
  less(a, b) { return this.t[a] < this.t[b] || (this.t[a] === this.t[b] && this.n[a] < this.n[b]); }
  swap(a, b) { for (const x of [this.t, this.i, this.n]) [x[a], x[b]] = [x[b], x[a]]; }
  push(t, i) {
    this.t.push(Math.fround(t)); this.i.push(i); this.n.push(this.count++);
    for (let k = this.size - 1; k > 0;) { const p = (k - 1) >> 1; if (!this.less(k, p)) break; this.swap(k, p); k = p; }
  }
  pop() {
    const top = this.i[0], n = this.size - 1;
    this.swap(0, n); this.t.pop(); this.i.pop(); this.n.pop();
    for (let k = 0; ;) {
      const l = 2 * k + 1, r = l + 1;
      let m = k;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === k) break;
      this.swap(k, m); k = m;
    }
    return top;
  }
}


/** OpenCV's eikonal step from two neighbours. */
function solve(i1, i2, f, t) {
  const a = t[i1], b = t[i2], m = Math.min(a, b);
  if (f[i1] !== INSIDE) {
    if (f[i2] !== INSIDE) return Math.abs(a - b) >= 1 ? 1 + m : (a + b + Math.sqrt(2 - (a - b) * (a - b))) * 0.5;
    return 1 + a;
  }
  return f[i2] !== INSIDE ? 1 + b : 1 + m;
}

/** Fast marching from the pixels in `heap`: arrival times `t` for `f`'s INSIDE pixels (marked CHANGE when `negate`). */
function march(f, t, heap, E, rows, cols, negate, visit) {
  const hi = visit ? 1 : 0;  // OpenCV's bounds (its fill stops short of the last row and column of the padded grid)
  while (heap.size) {
    const p = heap.pop();
    f[p] = negate ? CHANGE : KNOWN;
    for (const q of [p - E, p - 1, p + E, p + 1]) {
      const i = Math.floor(q / E), j = q % E;
      if (i <= 0 || j <= 0 || i > rows - hi || j > cols - hi || f[q] !== INSIDE) continue;
      t[q] = Math.min(solve(q - E, q - 1, f, t), solve(q + E, q - 1, f, t), solve(q - E, q + 1, f, t), solve(q + E, q + 1, f, t));
      if (visit) visit(q, i, j);
      f[q] = BAND; heap.push(t[q], q);
    }
  }
  if (negate) for (let q = 0; q < f.length; q++) if (f[q] === CHANGE) { f[q] = KNOWN; t[q] = -t[q]; }
}

/** `cv2.inpaint(L, mask, radius, cv2.INPAINT_TELEA)` of a float image `h × w` (masked pixels filled from around them). */
export function inpaint(L, mask, h, w, radius) {
  const range = Math.min(100, Math.max(1, Math.round(radius))), E = w + 2, rows = h + 2, cols = w + 2, n = rows * cols;
  const out = Float32Array.from(L), f = new Uint8Array(n), t = new Float32Array(n).fill(1e6);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (mask[y * w + x]) f[(y + 1) * E + x + 1] = INSIDE;
  const inner = (q) => { const i = Math.floor(q / E), j = q % E; return i > 0 && j > 0 && i < rows - 1 && j < cols - 1; };
  const band = new Uint8Array(n), ring = new Uint8Array(n), heap = new Heap(), outer = new Heap();
  for (let q = 0; q < n; q++) {  // the band: the known pixels next to the mask (a cross); the ring: those within `range`
    if (f[q] === INSIDE || !inner(q)) continue;
    if (f[q - E] === INSIDE || f[q + E] === INSIDE || f[q - 1] === INSIDE || f[q + 1] === INSIDE) band[q] = 1;
  }
  for (let q = 0; q < n; q++) {
    if (f[q] === INSIDE || band[q] || !inner(q)) continue;
    const i = Math.floor(q / E), j = q % E;
    search: for (let k = Math.max(0, i - range); k <= Math.min(rows - 1, i + range); k++)
      for (let l = Math.max(0, j - range); l <= Math.min(cols - 1, j + range); l++) if (f[k * E + l] === INSIDE) { ring[q] = 1; break search; }
  }
  for (let q = 0; q < n; q++) if (band[q]) { t[q] = 0; heap.push(0, q); outer.push(0, q); }
  march(ring.map((v) => (v ? INSIDE : KNOWN)), t, outer, E, rows, cols, true);  // outside: the distance from the band, negated
  const m = f;  // inside: Telea's fill as the front moves in
  const at = (y, x) => out[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];  // the photo, its edge repeated
  const grad = (q, d) => (m[q + d] !== INSIDE ? (m[q - d] !== INSIDE ? (t[q + d] - t[q - d]) * 0.5 : t[q + d] - t[q]) : m[q - d] !== INSIDE ? t[q] - t[q - d] : 0);
  march(m, t, heap, E, rows, cols, false, (q, i, j) => {
    const gx = grad(q, 1), gy = grad(q, E);
    let Ia = 0, Jx = 0, Jy = 0, s = 1e-20;
    for (let k = i - range; k <= i + range; k++) for (let l = j - range; l <= j + range; l++) {
      const r = k * E + l;
      if (k <= 0 || l <= 0 || k >= rows - 1 || l >= cols - 1 || m[r] === INSIDE || (l - j) ** 2 + (k - i) ** 2 > range * range) continue;
      const ry = i - k, rx = j - l, len = rx * rx + ry * ry;
      let dir = rx * gx + ry * gy;
      if (Math.abs(dir) <= FLAT) dir = FLOOR;
      const wt = Math.abs((1 / (len * Math.sqrt(len))) * (1 / (1 + Math.abs(t[r] - t[q]))) * dir);
      const y = k - 1, x = l - 1;  // the photo's pixel
      const ix = m[r + 1] !== INSIDE ? (m[r - 1] !== INSIDE ? (at(y, x + 1) - at(y, x - 1)) * 2 : at(y, x + 1) - at(y, x)) : m[r - 1] !== INSIDE ? at(y, x) - at(y, x - 1) : 0;
      const iy = m[r + E] !== INSIDE ? (m[r - E] !== INSIDE ? (at(y + 1, x) - at(y - 1, x)) * 2 : at(y + 1, x) - at(y, x)) : m[r - E] !== INSIDE ? at(y, x) - at(y - 1, x) : 0;
      Ia += wt * at(y, x); s += wt; Jx -= wt * ix * rx; Jy -= wt * iy * ry;
    }
    out[(i - 1) * w + j - 1] = Ia / s + (Jx + Jy) / (Math.sqrt(Jx * Jx + Jy * Jy) + 1e-20);
  });
  return out;
}

/** The largest value of `x` within `r` pixels (a square) of each pixel: a mask grown by `r`, as `cv2.dilate`. */
function dilate(x, h, w, r) {
  const rows = new Float32Array(h * w), out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) {
    let v = 0;
    for (let d = -r; d <= r; d++) v = Math.max(v, x[y * w + Math.min(w - 1, Math.max(0, i + d))]);
    rows[y * w + i] = v;
  }
  for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) {
    let v = 0;
    for (let d = -r; d <= r; d++) v = Math.max(v, rows[Math.min(h - 1, Math.max(0, y + d)) * w + i]);
    out[y * w + i] = v;
  }
  return out;
}

/** `blend_weight`: how much of the fill each pixel takes (all on `mask`, the detector's confidence around the threshold with `soft`), grown by `grow`. */
export function blendWeight(z, mask, h, w, cfg) {
  const {soft, threshold, grow} = cfg;
  const x = Float32Array.from(z, (v, i) => (mask[i] ? 1 : soft ? 1 / (1 + Math.exp(-soft * (v - threshold))) : 0));
  return grow ? dilate(x, h, w, grow) : x;
}

/** `fill`: the masked pixels (grown by `grow`) inpainted; a photo whose short side is over `side` is filled at that size, the fill upsampled into the masked pixels. */
export function fill(L, mask, h, w, cfg) {
  const m = cfg.grow ? dilate(mask, h, w, cfg.grow) : mask;
  if (!m.some((v) => v)) return L;
  const s = cfg.side / Math.min(h, w);
  if (s >= 1) return inpaint(L, m, h, w, cfg.radius);
  const sw = Math.max(1, Math.round(w * s)), sh = Math.max(1, Math.round(h * s));
  const cover = resize(Float32Array.from(m), h, w, sh, sw, 2), small = resize(L, h, w, sh, sw, 2);
  const big = resize(inpaint(small, cover.map((v) => (v > 0 ? 1 : 0)), sh, sw, cfg.radius), sh, sw, h, w);
  const out = Float32Array.from(L);
  for (let i = 0; i < out.length; i++) if (m[i]) out[i] = big[i];
  return out;
}

/** Mean over `(2r+1)²` windows clipped at the borders, of an `h × w` plane. */
function boxMean(x, h, w, r) {
  const tmp = new Float32Array(h * w), out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    let s = 0;
    for (let k = 0; k < Math.min(w, r + 1); k++) s += x[y * w + k];
    for (let i = 0; i < w; i++) {
      tmp[y * w + i] = s / (Math.min(w, i + r + 1) - Math.max(0, i - r));
      if (i + r + 1 < w) s += x[y * w + i + r + 1];
      if (i - r >= 0) s -= x[y * w + i - r];
    }
  }
  for (let i = 0; i < w; i++) {
    let s = 0;
    for (let k = 0; k < Math.min(h, r + 1); k++) s += tmp[k * w + i];
    for (let y = 0; y < h; y++) {
      out[y * w + i] = s / (Math.min(h, y + r + 1) - Math.max(0, y - r));
      if (y + r + 1 < h) s += tmp[(y + r + 1) * w + i];
      if (y - r >= 0) s -= tmp[(y - r) * w + i];
    }
  }
  return out;
}

export const meanChroma = (A, B) => { let s = 0; for (let i = 0; i < A.length; i++) s += Math.hypot(A[i], B[i]); return s / A.length; };

/** `plain_colour`: ab planes through a guided filter on the lightness `L` (all `h × w`), their mean chroma kept. */
export function plainColour(A, B, L, h, w, cfg) {
  const r = Math.max(1, Math.round(cfg.window * Math.min(h, w))), n = h * w, before = meanChroma(A, B);
  const mI = boxMean(L, h, w, r), LL = boxMean(L.map((v) => v * v), h, w, r);
  const out = [A, B].map((P) => {
    const mp = boxMean(P, h, w, r), LP = boxMean(P.map((v, i) => v * L[i]), h, w, r), a = new Float32Array(n), b = new Float32Array(n);
    for (let i = 0; i < n; i++) { a[i] = (LP[i] - mI[i] * mp[i]) / (LL[i] - mI[i] * mI[i] + cfg.eps); b[i] = mp[i] - a[i] * mI[i]; }
    const ma = boxMean(a, h, w, r), mb = boxMean(b, h, w, r);
    return ma.map((v, i) => v * L[i] + mb[i]);
  });
  const gain = Math.min(cfg.chroma_gain, Math.max(1, before / Math.max(meanChroma(...out), TINY)));
  return out.map((P) => P.map((v) => v * gain));
}

/** The page's repairer: `model` the detector's `.tflite` bytes, `cfg` `web.json`'s `repair`, `lMid` the lightness normalisation. */
export class Repairer {
  constructor(model, cfg, lMid) { this.net = new Network(model, cfg.shapes); this.cfg = cfg; this.lMid = lMid; }

  /** The detector's damage logits for a lightness map, run at its working size and upsampled. */
  async logits(L, h, w) {
    const {side, stride} = this.cfg, s = Math.min(1, side / Math.min(h, w));
    const wh = Math.max(stride, Math.round(h * s)), ww = Math.max(stride, Math.round(w * s));
    const x = wh === h && ww === w ? Float32Array.from(L) : resize(L, h, w, wh, ww, 2);
    for (let i = 0; i < x.length; i++) x[i] = x[i] / this.lMid - 1;  // `normalize_l`
    const {data, H, W} = padTo(x, wh, ww, stride), {data: z} = await this.net.run([data], [[1, H, W, 1]]);
    const crop = new Float32Array(wh * ww);
    for (let y = 0; y < wh; y++) crop.set(z.subarray(y * W, y * W + ww), y * ww);
    return wh === h && ww === w ? crop : resize(crop, wh, ww, h, w);
  }

  /** A print's lightness repaired: tone, find, fill (blended in by `blendWeight`). */
  async repair(L, h, w) {
    const z = await this.logits(L, h, w), {threshold, follow} = this.cfg, seed = z.map((v) => (v > threshold ? 1 : 0));
    const mask = follow > 0 ? connected(seed, z.map((v) => (v > threshold - follow ? 1 : 0)), h, w) : seed;
    const tone = restoreTone(L, h, w, mask, this.cfg);
    if (!this.cfg.soft) return fill(tone, mask, h, w, this.cfg);  // all or nothing, as Python: no blend over the whole photo
    const wt = blendWeight(z, mask, h, w, this.cfg), filled = fill(tone, wt.map((v) => (v > 0.05 ? 1 : 0)), h, w, {...this.cfg, grow: 0});
    return tone.map((v, i) => v + wt[i] * (filled[i] - v));
  }
}
