// Colorize RGBA pixels in the page, as colorize.inference.Colorizer does in Python.
import {loadAndCompile, Tensor} from '@litertjs/core';
import {decodeAb, joinLab, lightness, padTo, resize, workingShape} from './color.js';
import {tensorShapes, withShapes} from './tflite.js';

export class Colorizer {
  /** `model`: the `.tflite` bytes; `cfg`: the model's `web.json`. */
  constructor(model, cfg) { this.model = model; this.cfg = cfg; this.compiled = new Map(); }

  /** The model compiled for one padded input shape (kept: photos of the same shape reuse it). */
  async compile(H, W) {
    const key = `${H}x${W}`;
    if (!this.compiled.has(key)) {
      for (const m of this.compiled.values()) m.delete();  // one at a time: memory matters more than recompiling
      this.compiled.clear();
      this.compiled.set(key, await loadAndCompile(withShapes(this.model, tensorShapes(this.cfg.shapes, H, W)), {accelerator: 'wasm'}));
    }
    return this.compiled.get(key);
  }

  /** The network's raw output for a photo's full-resolution lightness: `{out, oh, ow, channels, wh, ww}`. */
  async networkOutput(L, h, w) {
    const {size, stride} = this.cfg;
    const [wh, ww] = workingShape(h, w, size);
    const small = resize(L, h, w, wh, ww, 2);
    for (let i = 0; i < small.length; i++) small[i] = small[i] / 50 - 1;
    const {data, H, W} = padTo(small, wh, ww, stride);
    const model = await this.compile(H, W);
    const input = new Tensor(data, [1, H, W, 1]);
    const [result] = await model.run(input);
    input.delete();
    const [, oh, ow, channels] = Array.from(result.type.layout.dimensions);
    const out = new Float32Array(result.toTypedArray());
    result.delete();
    const os = H / oh;
    return {out, ow, channels, h: Math.ceil(wh / os), w: Math.ceil(ww / os)};
  }

  /** Colorized RGBA (`Uint8ClampedArray`) of `h × w` RGBA pixels, at a temperature; reuses `prepared` when given. */
  async colorize(rgba, h, w, temperature, prepared) {
    const p = prepared || {L: lightness(rgba, h * w, this.cfg.luminance)};
    p.net = p.net || await this.networkOutput(p.L, h, w);
    const {out, ow, channels} = p.net;
    const [A, B] = decodeAb(out, ow, channels, p.net.h, p.net.w, this.cfg, temperature);
    const rgbaOut = joinLab(p.L, resize(A, p.net.h, p.net.w, h, w), resize(B, p.net.h, p.net.w, h, w), rgba, h * w, this.cfg);
    return {rgba: rgbaOut, prepared: p};
  }
}
