// npm run build -- OUTDIR: the page's code and LiteRT.js's WebAssembly into OUTDIR (the model is added by colorize-web).
import {build} from 'esbuild';
import {copyFileSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';

const out = process.argv[2];
if (!out) { console.error('usage: npm run build -- OUTDIR'); process.exit(2); }
mkdirSync(join(out, 'wasm'), {recursive: true});
await build({entryPoints: ['src/main.js'], bundle: true, format: 'esm', minify: true, outfile: join(out, 'app.js'), logLevel: 'warning'});
for (const f of ['index.html', 'style.css']) copyFileSync(join('src', f), join(out, f));
// Browsers with relaxed SIMD load litert_wasm_internal, the others litert_wasm_compat_internal: each visitor one of them.
for (const v of ['litert_wasm_internal', 'litert_wasm_compat_internal'])
  for (const ext of ['.js', '.wasm']) copyFileSync(join('node_modules/@litertjs/core/wasm', v + ext), join(out, 'wasm', v + ext));
