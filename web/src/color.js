// The colour maths of colorize.inference.Colorizer, in JavaScript: lightness, PIL-style resampling, padding, the
// annealed-mean decoding, and Lab → sRGB with the same gamut fitting. Matrices and bins come from the model's
// `web.json` (written by Python), so both sides share one source.

const LIN8 = Float32Array.from({length: 256}, (_, i) => {
  const c = i / 255;
  return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
});
const SRGB_STEPS = 1 << 14;
const SRGB8 = Uint8Array.from({length: SRGB_STEPS}, (_, i) => {
  const l = i / (SRGB_STEPS - 1);
  return Math.floor((l > 0.0031308 ? 1.055 * l ** (1 / 2.4) - 0.055 : 12.92 * l) * 255 + 0.5);
});
const labF = (t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
const labFinv = (f) => { const f3 = f * f * f; return f3 > 0.008856 ? f3 : (f - 16 / 116) / 7.787; };

/** CIE L (0–100) of RGBA pixels. */
export function lightness(rgba, n, luminance) {
  const [wr, wg, wb] = luminance, L = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    L[i] = 116 * labF(LIN8[rgba[j]] * wr + LIN8[rgba[j + 1]] * wg + LIN8[rgba[j + 2]] * wb) - 16;
  }
  return L;
}

/** The shape the network works at (before padding), as `working_shape` in Python (`aspect`: its `MAX_ASPECT`). */
export function workingShape(h, w, size, aspect) {
  const s = Math.min(size / Math.min(h, w), aspect * size / Math.max(h, w));
  return [Math.max(1, Math.round(h * s)), Math.max(1, Math.round(w * s))];
}

// PIL's convolution resampling with its bilinear (triangle) filter, along one axis of a `rows × n` float image.
function coefficients(inSize, outSize, in1) {
  const scale = in1 / outSize, filterscale = Math.max(scale, 1), support = filterscale, ss = 1 / filterscale;
  return Array.from({length: outSize}, (_, xx) => {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize);
    const k = [];
    let ww = 0;
    for (let x = xmin; x < xmax; x++) { const t = Math.abs((x - center + 0.5) * ss); const v = t < 1 ? 1 - t : 0; k.push(v); ww += v; }
    return {xmin, k: k.map((v) => (ww ? v / ww : 0))};
  });
}

function resampleRows(src, rows, inW, outW, in1) {
  const cs = coefficients(inW, outW, in1), out = new Float32Array(rows * outW);
  for (let y = 0; y < rows; y++) {
    const base = y * inW;
    for (let x = 0; x < outW; x++) {
      const {xmin, k} = cs[x];
      let s = 0;
      for (let i = 0; i < k.length; i++) s += src[base + xmin + i] * k[i];
      out[y * outW + x] = s;
    }
  }
  return out;
}

function transpose(src, h, w) {
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[x * h + y] = src[y * w + x];
  return out;
}

// PIL's Image.reduce: the mean of each `fy × fx` block (partial blocks at the edges: the mean of what is there).
export function reduce(src, h, w, fy, fx) {
  const oh = Math.ceil(h / fy), ow = Math.ceil(w / fx), out = new Float32Array(oh * ow);
  for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) {
    let s = 0, n = 0;
    for (let yy = y * fy; yy < Math.min(h, (y + 1) * fy); yy++) for (let xx = x * fx; xx < Math.min(w, (x + 1) * fx); xx++) { s += src[yy * w + xx]; n++; }
    out[y * ow + x] = s / n;
  }
  return out;
}

/** PIL's `resize((w, h), BILINEAR, reducing_gap=gap)` of a float image `h0 × w0`. */
export function resize(src, h0, w0, h, w, gap = 0) {
  let boxH = h0, boxW = w0;
  if (gap) {
    const fx = Math.max(1, Math.trunc(w0 / w / gap)), fy = Math.max(1, Math.trunc(h0 / h / gap));
    if (fx > 1 || fy > 1) { src = reduce(src, h0, w0, fy, fx); boxH = h0 / fy; boxW = w0 / fx; h0 = Math.ceil(h0 / fy); w0 = Math.ceil(w0 / fx); }
  }
  const horiz = resampleRows(src, h0, w0, w, boxW);  // h0 × w
  return transpose(resampleRows(transpose(horiz, h0, w), w, h0, h, boxH), w, h);
}

/** Reflect-pad (NumPy's 'reflect'; 'edge' where a side is too small) an `h × w` image to multiples of `stride`. */
export function padTo(src, h, w, stride) {
  const H = Math.ceil(h / stride) * stride, W = Math.ceil(w / stride) * stride;
  const reflect = Math.min(h, w) > Math.max(H - h, W - w);
  const at = (i, n) => (i < n ? i : reflect ? 2 * (n - 1) - i : n - 1);
  const out = new Float32Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + x] = src[at(y, h) * w + at(x, w)];
  return {data: out, H, W};
}

/** ab planes `[a, b]` (`h × w` each) from the network's output (`? × ow × channels`), as Python's `decode_ab`. */
export function decodeAb(out, ow, channels, h, w, cfg, temperature) {
  const {kind, bins, alpha, ab_scale: scale} = cfg, Q = bins.length, T = Math.max(temperature, cfg.min_temperature);
  const A = new Float32Array(h * w), B = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const o = (y * ow + x) * channels, d = y * w + x;
    if (kind === 'regression') { A[d] = out[o] * scale; B[d] = out[o + 1] * scale; continue; }
    let m = -Infinity;
    for (let q = 0; q < Q; q++) m = Math.max(m, out[o + q] / T);
    let s = 0, a = 0, b = 0;
    for (let q = 0; q < Q; q++) { const e = Math.exp(out[o + q] / T - m); s += e; a += e * bins[q][0]; b += e * bins[q][1]; }
    const wc = kind === 'joint' ? alpha : 1;
    A[d] = wc * a / s + (kind === 'joint' ? (1 - alpha) * scale * out[o + Q] : 0);
    B[d] = wc * b / s + (kind === 'joint' ? (1 - alpha) * scale * out[o + Q + 1] : 0);
  }
  return [A, B];
}

/** RGBA pixels of full-resolution L joined with ab planes, out-of-gamut colours desaturated at equal luminance; alpha from `rgba`. */
export function joinLab(L, A, B, rgba, n, cfg) {
  const M = cfg.rgb_from_f, [wr, wg, wb] = cfg.luminance, out = new Uint8ClampedArray(n * 4);
  const lin = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const fy = (L[i] + 16) / 116, f0 = labFinv(fy + A[i] / 500), f1 = labFinv(fy), f2 = labFinv(fy - B[i] / 200);
    for (let c = 0; c < 3; c++) lin[c] = M[c][0] * f0 + M[c][1] * f1 + M[c][2] * f2;
    if (lin.some((v) => v < 0 || v > 1)) {  // fit_gamut
      const y = Math.min(Math.max(lin[0] * wr + lin[1] * wg + lin[2] * wb, 0), 1);
      let k = 1;
      for (const v of lin) { const d = v - y; if (d > 1e-7) k = Math.min(k, (1 - y) / d); else if (d < -1e-7) k = Math.min(k, -y / d); }
      k = Math.min(Math.max(k, 0), 1);
      for (let c = 0; c < 3; c++) lin[c] = Math.min(Math.max(y + k * (lin[c] - y), 0), 1);
    }
    for (let c = 0; c < 3; c++) out[4 * i + c] = SRGB8[Math.trunc(lin[c] * (SRGB_STEPS - 1) + 0.5)];
    out[4 * i + 3] = rgba[4 * i + 3];
  }
  return out;
}

/** CIE ab of an sRGB colour `[r, g, b]` (0–255), as Python's `rgb2lab` (the matrix is `web.json`'s `f_from_rgb`). */
export function colourAb(rgb, cfg) { return rgbLab(rgb, cfg).slice(1); }

/** `[L, a, b]` of an sRGB colour `[r, g, b]` (0–255), as Python's `rgb2lab`. */
export function rgbLab([r, g, b], cfg) {
  const lin = [r, g, b].map((v) => { const c = v / 255; return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92; });
  const [fx, fy, fz] = cfg.f_from_rgb.map((row) => labF(row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]));
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** `[row, col]` where a hint (in the photo's `h × w` pixels) falls at the working size `wh × ww`, as Python's `colorize.hints.hint_points`. */
export const hintPoint = (hint, h, w, wh, ww) => [Math.floor((hint.y + 0.5) * wh / h), Math.floor((hint.x + 0.5) * ww / w)];

/** The network's hint inputs at the padded working size `H × W`, as Python's `colorize.hints.hint_maps` (then zero-padded). */
export function hintMaps(hints, h, w, wh, ww, H, W, cfg) {
  const ab = new Float32Array(H * W * 2), mask = new Float32Array(H * W), side = cfg.hint_side, r0 = Math.floor((side - 1) / 2);
  for (const hint of hints) {
    const [a, b] = colourAb(hint.rgb, cfg);
    const [cy, cx] = hintPoint(hint, h, w, wh, ww);
    for (let y = Math.max(0, cy - r0); y < Math.min(wh, cy - r0 + side); y++) {
      for (let x = Math.max(0, cx - r0); x < Math.min(ww, cx - r0 + side); x++) {
        ab[2 * (y * W + x)] = a / cfg.ab_scale; ab[2 * (y * W + x) + 1] = b / cfg.ab_scale; mask[y * W + x] = 1;
      }
    }
  }
  return {ab, mask};
}

/** The network input's lightness (`data`, `? × W`, normalised) averaged over each cell of the `h × w` output grid (`os` px a cell), as Python's `_grid_lightness`. */
export function gridLightness(data, W, h, w, os, lMid) {
  const L = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let t = 0;
    for (let i = 0; i < os; i++) for (let j = 0; j < os; j++) t += data[(y * os + i) * W + x * os + j];
    L[y * w + x] = (t / (os * os) + 1) * lMid;  // `denormalize_l`
  }
  return L;
}

/** ab planes `A`, `B` (`h × w`, at the output stride) with each hint's miss spread around it within its lightness, as Python's
 * `colorize.hints.spread_hints`; `data` is the network's input (`H × W`, normalised L), `os` the output stride. */
export function spreadHints(A, B, h, w, data, W, os, hints, ph, pw, wh, ww, cfg) {
  const L = gridLightness(data, W, h, w, os, cfg.l_mid), s = cfg.hint_reach * Math.min(h, w), band = cfg.hint_band;
  const nA = new Float32Array(h * w), nB = new Float32Array(h * w), den = new Float32Array(h * w);
  for (const hint of hints) {
    const [a, b] = colourAb(hint.rgb, cfg);
    const [py, px] = hintPoint(hint, ph, pw, wh, ww), r = Math.min(h - 1, Math.floor(py / os)), c = Math.min(w - 1, Math.floor(px / os));
    const k = r * w + c, da = a - A[k], db = b - B[k], l0 = L[k];
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const d = y * w + x, wt = Math.exp(-((y - r) ** 2 + (x - c) ** 2) / (2 * s * s) - (L[d] - l0) ** 2 / (2 * band * band));
      nA[d] += wt * da; nB[d] += wt * db; den[d] += wt;
    }
  }
  for (let d = 0; d < h * w; d++) { const n = Math.max(den[d], 1); A[d] += nA[d] / n; B[d] += nB[d] / n; }
  return [A, B];
}

/** `#rrggbb` of a Lab colour (clipped to the sRGB cube). */
export function labHex(L, a, b, cfg) {
  const M = cfg.rgb_from_f, fy = (L + 16) / 116, f = [labFinv(fy + a / 500), labFinv(fy), labFinv(fy - b / 200)];
  return '#' + M.map((row) => {
    const l = Math.min(Math.max(row[0] * f[0] + row[1] * f[1] + row[2] * f[2], 0), 1);
    return Math.round((l > 0.0031308 ? 1.055 * l ** (1 / 2.4) - 0.055 : 12.92 * l) * 255).toString(16).padStart(2, '0');
  }).join('');
}

/** `[r, g, b]` of `#rrggbb`. */
export const hexRgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
