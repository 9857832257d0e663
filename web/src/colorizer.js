// Colorize RGBA pixels in the page, as colorize.inference.Colorizer does in Python: prepare, run, decode, join.
import {Tensor} from '@litertjs/core';
import {decodeAb, gridLightness, hintMaps, joinLab, labHex, lightness, padTo, resize, spreadHints, workingShape} from './color.js';
import {Network} from './network.js';
import {keepColour} from './reference.js';
import {plainColour} from './repair.js';

const bare = (name) => name.split(':')[0].replace(/^serving_default_/, '');

export class Colorizer {
  /** `model`: the `.tflite` bytes; `cfg`: the model's `web.json`. */
  constructor(model, cfg) { this.net = new Network(model, cfg.shapes); this.cfg = cfg; }

  /** Step 1: a photo's full-resolution lightness (`L`: given, e.g. repaired; else the photo's) and the network's input at the working size. */
  prepare(rgba, h, w, L = null) {
    const repaired = L !== null, [wh, ww] = workingShape(h, w, this.cfg.size, this.cfg.max_aspect);
    L = L ?? lightness(rgba, h * w, this.cfg.luminance);
    const small = resize(L, h, w, wh, ww, 2);
    for (let i = 0; i < small.length; i++) small[i] = small[i] / this.cfg.l_mid - 1;  // `normalize_l`
    return {L, h, w, wh, ww, ...padTo(small, wh, ww, this.cfg.stride), net: null, hintsKey: null, hints: [], repaired};
  }

  /** Step 2: the network's output for `hints` (`[{x, y, rgb}]` in the photo's pixels), kept and reused for the same hints. */
  async run(p, hints = []) {
    const key = JSON.stringify(hints);
    if (p.net && p.hintsKey === key) return p.net;
    const {H, W} = p, model = await this.net.compile(H, W);
    const [lightnessName, hintName, maskName] = this.cfg.inputs;  // the spec's input names, in its order
    const tensors = {[lightnessName]: new Tensor(p.data, [1, H, W, 1])};
    if (this.cfg.hints) {
      const {ab, mask} = hintMaps(hints, p.h, p.w, p.wh, p.ww, H, W, this.cfg);
      tensors[hintName] = new Tensor(ab, [1, H, W, 2]); tensors[maskName] = new Tensor(mask, [1, H, W, 1]);
    }
    const names = model.getInputDetails().map((d) => bare(d.name));
    const inputs = (names.every((n) => n in tensors) ? names : this.cfg.inputs).map((n) => tensors[n]);
    const results = await model.run(inputs), outNames = model.getOutputDetails().map((d) => bare(d.name));
    for (const t of inputs) t.delete();
    const read = (t) => ({data: new Float32Array(t.toTypedArray()), dims: Array.from(t.type.layout.dimensions)});
    const result = results[outNames.findIndex((n) => !n.startsWith('features_'))];  // the colour; the encoder's features beside it for references
    if (this.cfg.reference) p.features = this.cfg.reference.features.map((n) => read(results[outNames.indexOf(n)]));
    const [, oh, ow, channels] = Array.from(result.type.layout.dimensions);
    const out = new Float32Array(result.toTypedArray());
    for (const t of results) t.delete();
    const os = H / oh;
    p.net = {out, ow, channels, h: Math.ceil(p.wh / os), w: Math.ceil(p.ww / os)};
    p.hintsKey = key; p.hints = hints;
    return p.net;
  }

  /** Steps 3 and 4: colorized RGBA of a prepared (and run) photo at a temperature; alpha from `rgba`. */
  render(p, rgba, temperature) {
    const {out, ow, channels} = p.net;
    let [A, B] = decodeAb(out, ow, channels, p.net.h, p.net.w, this.cfg, temperature);
    if (p.repaired) [A, B] = plainColour(A, B, gridLightness(p.data, p.W, p.net.h, p.net.w, this.cfg.out_stride, this.cfg.l_mid), p.net.h, p.net.w, this.cfg.repair);
    if (this.cfg.hints && this.cfg.hint_reach && p.hints.length) {
      spreadHints(A, B, p.net.h, p.net.w, p.data, p.W, this.cfg.out_stride, p.hints, p.h, p.w, p.wh, p.ww, this.cfg);
    }
    if (p.reference) [A, B] = keepColour(A, B, p.reference, this.cfg.reference);
    return joinLab(p.L, resize(A, p.net.h, p.net.w, p.h, p.w), resize(B, p.net.h, p.net.w, p.h, p.w), rgba, p.h * p.w, this.cfg);
  }

  /** The `n` most likely colours at a point (photo pixels), from the kept output's bin probabilities, at the photo's lightness there. */
  suggestions(p, x, y, n = 6) {
    if (!p.net || this.cfg.kind === 'regression') return [];
    const {out, ow, channels} = p.net, Q = this.cfg.bins.length;
    const os = this.cfg.out_stride, row = Math.min(p.net.h - 1, Math.floor(y * p.wh / p.h / os)), col = Math.min(p.net.w - 1, Math.floor(x * p.ww / p.w / os));
    const o = (row * ow + col) * channels, order = Array.from({length: Q}, (_, q) => q).sort((a, b) => out[o + b] - out[o + a]);
    const L = p.L[Math.min(p.h - 1, Math.floor(y)) * p.w + Math.min(p.w - 1, Math.floor(x))];
    return order.slice(0, n).map((q) => labHex(L, this.cfg.bins[q][0], this.cfg.bins[q][1], this.cfg));
  }
}
