// LiteRT.js compiles only static shapes, and the bundled model is exported with a dynamic input ([-1, -1, -1, 1]).
// So the page writes a photo's working shape into a copy of the model: every tensor whose shape depends on the input
// gets its dimensions from `shapes.json` (written by `colorize-web`: per tensor and dimension, d = aH·H + aW·W + c,
// measured with the Python interpreter), edited in place in the flatbuffer (`shape` and `shape_signature`).

// Field numbers of the TFLite schema (tensorflow/lite/schema/schema.fbs).
const MODEL_SUBGRAPHS = 2, SUBGRAPH_TENSORS = 0, TENSOR_SHAPE = 0, TENSOR_SHAPE_SIGNATURE = 7;

/** The static shape of each listed tensor for an `h × w` input. */
export function tensorShapes(rules, h, w) {
  return Object.fromEntries(Object.entries(rules).map(([i, dims]) =>
    [i, dims.map(([aH, aW, c]) => Math.round(aH * h + aW * w + c))]));
}

/** A copy of a `.tflite` model (bytes) with the given tensors' shapes (index → dims) made static. */
export function withShapes(model, shapes) {
  const bytes = new Uint8Array(model);  // a copy
  const dv = new DataView(bytes.buffer);
  const deref = (p) => p + dv.getUint32(p, true);
  const field = (table, i) => {
    const vt = table - dv.getInt32(table, true);
    const o = 4 + 2 * i < dv.getUint16(vt, true) ? dv.getUint16(vt + 4 + 2 * i, true) : 0;
    return o ? table + o : 0;
  };
  const vector = (p) => ({length: dv.getUint32(p, true), at: (i) => p + 4 + 4 * i});
  const subgraph = deref(vector(deref(field(deref(0), MODEL_SUBGRAPHS))).at(0));
  const tensors = vector(deref(field(subgraph, SUBGRAPH_TENSORS)));
  for (const [i, dims] of Object.entries(shapes)) {
    const tensor = deref(tensors.at(Number(i)));
    for (const f of [TENSOR_SHAPE, TENSOR_SHAPE_SIGNATURE]) {
      const p = field(tensor, f);
      if (!p) continue;
      const shape = vector(deref(p));
      if (shape.length !== dims.length) throw new Error(`tensor ${i} has ${shape.length} dimensions, not ${dims.length}`);
      dims.forEach((d, k) => dv.setInt32(shape.at(k), d, true));
    }
  }
  return bytes;
}
