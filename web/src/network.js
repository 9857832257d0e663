// A LiteRT model with dynamic input shapes, run in the page: compiled for one input shape at a time (LiteRT.js compiles
// only static shapes; `tflite.js` writes the shape into a copy of the model).
import {loadAndCompile, Tensor} from '@litertjs/core';
import {tensorShapes, withShapes} from './tflite.js';

export class Network {
  /** `model`: the `.tflite` bytes; `shapes`: its shape rules (`web.json`). */
  constructor(model, shapes) { this.model = model; this.shapes = shapes; this.compiled = new Map(); }

  /** The model compiled for one padded input shape (kept: photos of the same shape reuse it). */
  async compile(H, W) {
    const key = `${H}x${W}`;
    if (!this.compiled.has(key)) {
      for (const m of this.compiled.values()) m.delete();  // one at a time: memory matters more than recompiling
      this.compiled.clear();
      this.compiled.set(key, await loadAndCompile(withShapes(this.model, tensorShapes(this.shapes, H, W)), {accelerator: 'wasm'}));
    }
    return this.compiled.get(key);
  }

  /** The first output (a Float32Array, and its dimensions) for inputs `xs` (Float32Arrays, in the model's order) of `dims` (`[1, H, W, c]`). */
  async run(xs, dims) {
    const model = await this.compile(dims[0][1], dims[0][2]), inputs = xs.map((x, i) => new Tensor(x, dims[i]));
    const [result] = await model.run(inputs);
    for (const t of inputs) t.delete();
    const out = {data: new Float32Array(result.toTypedArray()), dims: Array.from(result.type.layout.dimensions)};
    result.delete();
    return out;
  }
}
