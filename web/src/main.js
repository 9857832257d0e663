// The page: pick, drop or paste a photo; colorize it here with LiteRT.js; before/after, vibrance, colour hints, PNG download.
import {loadLiteRt} from '@litertjs/core';
import {Colorizer} from './colorizer.js';
import {hexRgb, lightness} from './color.js';
import {makeReference, referenceHints} from './reference.js';
import {Repairer} from './repair.js';

const $ = (id) => document.getElementById(id);
const stats = (window.colorizeStats = {});  // timings, read by tests and bench/web.py
let colorizer, repairer, current, pending, latest = 0;  // `latest`: the number of the newest photo given (older runs are dropped); `repairer`: the detector's download, on first use
let reference = null;  // the colour photo every result takes its colours from (`makeReference`), or null

for (const k of ['log', 'info', 'warn', 'error']) {  // LiteRT.js's INFO lines are not the visitor's business
  const original = console[k].bind(console);
  console[k] = (...args) => { if (!(typeof args[0] === 'string' && /^INFO:/.test(args[0]))) original(...args); };
}

function say(text, error = false) { $('message').textContent = text; $('message').classList.toggle('error', error); }
const vibranceToTemperature = (v) => Math.round((colorizer.cfg.vibrance_sum - v) * 100) / 100;  // higher vibrance: more colourful
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const hex = (rgb) => '#' + rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

/** Fetch `url` as bytes, saying how much of it has arrived. */
async function download(url, what) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${what}: HTTP ${r.status}`);
  const total = Number(r.headers.get('content-length')) || 0, reader = r.body.getReader(), parts = [];
  let got = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    parts.push(value); got += value.length;
    if (!colorizer) say(`Loading the model: ${(got / 1e6).toFixed(1)}${total ? ` of ${(total / 1e6).toFixed(1)}` : ''} MB…` + (pending ? ` ${pending.name} will be colorized then.` : ''));
  }
  const bytes = new Uint8Array(got);
  let o = 0;
  for (const p of parts) { bytes.set(p, o); o += p.length; }
  return bytes;
}

async function start() {
  const t0 = performance.now();
  const [cfg, model] = await Promise.all([
    fetch('model/web.json').then((r) => r.json()), download('model/model.tflite', 'the model'), loadLiteRt('wasm/')]);
  colorizer = new Colorizer(model, cfg);
  $('vibrance').value = cfg.vibrance_sum - cfg.temperature;
  $('vibrance-value').textContent = Number($('vibrance').value).toFixed(2);
  $('version').textContent = cfg.version;
  $('hints').hidden = !cfg.hints;
  $('repair-option').hidden = !cfg.repair;
  $('reference-drop').hidden = !cfg.reference;
  for (const [name, file] of Object.entries(cfg.examples)) {
    const b = document.createElement('button');
    b.innerHTML = `<img src="examples/${file}" alt="${name}">`;
    b.title = name;
    b.onclick = async () => open(new File([await (await fetch(`examples/${file}`)).blob()], file));
    $('examples').append(b);
  }
  stats.loadMs = performance.now() - t0;
  if (pending) { const f = pending; pending = null; return open(f); }  // a photo given while the model was loading
  say('Ready: drop, paste or choose a black-and-white photo.');
}

/** An image file decoded, or null with the page's message when the browser cannot read it or it is over the pixel limit. */
async function decode(file) {
  let bitmap;
  try { bitmap = await createImageBitmap(file, {imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none'}); }
  catch { say(`${file.name || 'This file'} is not an image this browser can read.`, true); return null; }
  const {width: w, height: h} = bitmap;
  if (w * h > colorizer.cfg.max_pixels) {
    bitmap.close();
    say(`${file.name}: ${w} × ${h} is ${(w * h / 1e6).toFixed(1)} megapixels, over this page's limit of ${colorizer.cfg.max_pixels / 1e6}.`, true);
    return null;
  }
  return bitmap;
}

/** A decoded image's pixels, and a canvas holding it. */
function draw(bitmap) {
  const {width: w, height: h} = bitmap, canvas = document.createElement('canvas'); canvas.width = w; canvas.height = h;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return {rgba: ctx.getImageData(0, 0, w, h).data, w, h, canvas};
}

async function open(file) {
  const id = ++latest;
  if (!colorizer) { pending = file; return say(`${file.name} will be colorized as soon as the model has loaded…`); }
  const t0 = performance.now(), bitmap = await decode(file);
  if (!bitmap) return;
  if (id !== latest) return bitmap.close();  // a newer photo came meanwhile: it wins
  say(`Colorizing ${file.name} (${bitmap.width} × ${bitmap.height})…`);
  await frame();
  if (id !== latest) return bitmap.close();
  const {rgba, w, h, canvas} = draw(bitmap);
  const c = {id, name: file.name || 'photo', rgba, w, h, canvas, hints: [], history: [], selected: -1};
  try { c.p = await prepare(c); } catch (e) { return id === latest && say(`Could not repair ${c.name}: ${e.message || e}`, true); }
  if (id !== latest) return;
  current = c;
  $('compare').hidden = $('controls').hidden = true;  // nothing of the previous photo stays on show
  await render(current);
  if (current && current.id === id) stats.last = {ms: performance.now() - t0, width: w, height: h};
}

/** Photo `c` made ready for the network: its lightness repaired first while the switch is on (the detector is downloaded then, once). */
async function prepare(c) {
  if (!$('repair').checked) return colorizer.prepare(c.rgba, c.h, c.w);
  repairer ??= download('model/detector.tflite', 'the repair model').then((m) => new Repairer(m, colorizer.cfg.repair, colorizer.cfg.l_mid))
    .catch((e) => { repairer = null; throw e; });
  const r = await repairer, t0 = performance.now();
  const p = colorizer.prepare(c.rgba, c.h, c.w, await r.repair(lightness(c.rgba, c.h * c.w, colorizer.cfg.luminance), c.h, c.w));
  p.repairMs = performance.now() - t0;
  return p;
}

/** Colorize photo `c` with its hints at the slider's vibrance (the network runs only when the hints changed); shown only if it is still the current photo. */
async function render(c) {
  const t0 = performance.now();
  let out;
  try {
    let hints = c.hints.map(({x, y, rgb}) => ({x, y, rgb}));
    if (reference) {  // the reference's colours where it matches, found once per photo and reference; the user's hints win
      if (!c.p.features) await colorizer.run(c.p, []);  // the photo's own features
      if (c.p.refFor !== reference) { c.p.refHints = referenceHints(reference, c.p, colorizer.cfg.reference); c.p.refFor = reference; }
      hints = c.p.refHints.concat(hints);
    }
    c.p.reference = reference;
    await colorizer.run(c.p, hints);
    if (c !== current) return;  // another photo was given meanwhile
    out = colorizer.render(c.p, c.rgba, vibranceToTemperature(Number($('vibrance').value)));
  } catch (e) {  // hide the canvases and the link: they would show or save another photo's result
    if (c !== current) return;
    $('compare').hidden = $('controls').hidden = true;
    return say(`Could not colorize ${c.name}: ${e.message || e}`, true);
  }
  for (const el of [$('before'), $('after')]) { el.width = c.w; el.height = c.h; }
  $('before').getContext('2d').drawImage(c.canvas, 0, 0);
  $('after').getContext('2d').putImageData(new ImageData(out, c.w, c.h), 0, 0);
  $('compare').hidden = $('controls').hidden = false;
  drawDots(c);
  const blob = await new Promise((r) => $('after').toBlob(r, 'image/png'));
  if (c !== current) return;
  const link = $('download');
  if (link.href) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(c.hints.length ? await withText(blob, 'hints', hintsJson(c)) : blob);
  link.download = c.name.replace(/\.[^.]*$/, '') + '_color.png';
  const ms = performance.now() - t0;
  stats.renderMs = ms; stats.shown = {name: c.name, hints: c.hints.length ? hintsJson(c) : '[]', repaired: c.p.repaired, reference: reference && reference.name};  // what the page shows now
  if (stats.hintStart) { stats.hintMs = performance.now() - stats.hintStart; stats.hintStart = 0; }
  say(`${c.name}: ${c.w} × ${c.h}, ${c.p.repaired ? `repaired in ${(c.p.repairMs / 1000).toFixed(2)} s and ` : ''}colorized in ${(ms / 1000).toFixed(2)} s` + (c.hints.length ? ` with ${c.hints.length} hint${c.hints.length > 1 ? 's' : ''}` : '') + (reference ? `, colours from ${reference.name}.` : '.'));
}

// Hints: a click on the photo places one in the chosen colour; a dot can be dragged, selected and recoloured, or removed.
const hintsJson = (c) => JSON.stringify(c.hints.map(({x, y, rgb}) => ({x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100, color: hex(rgb)})));

function setHints(c, hints, selected = -1) {
  c.history.push(c.hints); c.hints = hints; c.selected = selected;
  showPalette(c); render(c);
}

function drawDots(c) {
  const dots = $('dots');
  dots.replaceChildren(...c.hints.map((h, i) => {
    const d = document.createElement('span');
    d.className = 'dot' + (i === c.selected ? ' selected' : '');
    d.style.left = `${100 * (h.x + 0.5) / c.w}%`; d.style.top = `${100 * (h.y + 0.5) / c.h}%`; d.style.background = hex(h.rgb);
    d.dataset.index = i; d.title = `${hex(h.rgb)} at (${Math.round(h.x)}, ${Math.round(h.y)})`;
    return d;
  }));
  $('remove-hint').disabled = c.selected < 0; $('undo').disabled = !c.history.length; $('clear').disabled = !c.hints.length;
}

function showPalette(c) {
  const h = c.hints[c.selected];
  $('palette').replaceChildren(...(h ? colorizer.suggestions(c.p, h.x, h.y) : []).map((colour) => {
    const b = document.createElement('button');
    b.className = 'swatch'; b.style.background = colour; b.title = colour; b.dataset.colour = colour;
    b.onclick = () => { if (c.hints[c.selected]) setHints(c, c.hints.map((g, i) => (i === c.selected ? {...g, rgb: hexRgb(colour)} : g)), c.selected); };
    return b;
  }));
}

const photoPoint = (c, e) => {
  const r = $('after').getBoundingClientRect();
  return {x: Math.min(c.w - 1, Math.max(0, (e.clientX - r.left) * c.w / r.width)), y: Math.min(c.h - 1, Math.max(0, (e.clientY - r.top) * c.h / r.height))};
};
let drag = null;
$('frame').addEventListener('pointerdown', (e) => {
  const c = current;
  if (!c || !colorizer.cfg.hints) return;
  e.preventDefault();
  const i = e.target.classList.contains('dot') ? Number(e.target.dataset.index) : -1;
  if (i >= 0) { c.selected = i; $('hint-colour').value = hex(c.hints[i].rgb); drawDots(c); showPalette(c); drag = {c, i, moved: false, target: e.target}; e.target.setPointerCapture(e.pointerId); return; }
  stats.hintStart = performance.now();
  const {x, y} = photoPoint(c, e);
  setHints(c, [...c.hints, {x, y, rgb: hexRgb($('hint-colour').value)}], c.hints.length);
});
$('frame').addEventListener('pointermove', (e) => {
  if (!drag) return;
  const {c, target} = drag, {x, y} = photoPoint(c, e);
  drag.moved = true; drag.to = {x, y};
  target.style.left = `${100 * (x + 0.5) / c.w}%`; target.style.top = `${100 * (y + 0.5) / c.h}%`;
});
$('frame').addEventListener('pointerup', () => {
  if (!drag) return;
  const {c, i, moved, to} = drag; drag = null;
  if (moved) setHints(c, c.hints.map((h, j) => (j === i ? {...h, ...to} : h)), i);
});
$('hint-colour').onchange = () => {
  const c = current;
  if (c && c.hints[c.selected]) setHints(c, c.hints.map((h, i) => (i === c.selected ? {...h, rgb: hexRgb($('hint-colour').value)} : h)), c.selected);
};
$('remove-hint').onclick = () => { const c = current; if (c && c.selected >= 0) setHints(c, c.hints.filter((_, i) => i !== c.selected)); };
$('clear').onclick = () => { const c = current; if (c && c.hints.length) setHints(c, []); };
$('undo').onclick = () => {
  const c = current;
  if (!c || !c.history.length) return;
  c.hints = c.history.pop(); c.selected = -1; showPalette(c); render(c);
};
$('save-hints').onclick = () => {
  const c = current;
  if (!c) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([hintsJson(c)], {type: 'application/json'}));
  a.download = c.name.replace(/\.[^.]*$/, '') + '.hints.json'; a.click();
};
$('load-hints').onchange = async (e) => {
  const f = e.target.files[0], c = current; e.target.value = '';
  if (!f || !c) return;
  try { setHints(c, parseHints(JSON.parse(await f.text()), c)); }
  catch (err) { say(`${f.name}: ${err.message}`, true); }
};

/** Hints of the JSON format of colorize.hints, checked against the photo; an Error naming the first bad one. */
function parseHints(data, c) {
  if (data && !Array.isArray(data) && Array.isArray(data.hints)) data = data.hints;
  if (!Array.isArray(data)) throw new Error('expected a JSON list of {"x", "y", "color"}');
  return data.map((h, i) => {
    const colour = h.color ?? h.colour, x = Number(h.x), y = Number(h.y);
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`hint ${i + 1}: x and y must be numbers`);
    if (x < 0 || x >= c.w || y < 0 || y >= c.h) throw new Error(`hint ${i + 1}: (${x}, ${y}) is outside the ${c.w} × ${c.h} image`);
    let rgb;
    if (typeof colour === 'string' && /^#?[0-9a-f]{6}$/i.test(colour)) rgb = hexRgb('#' + colour.replace('#', ''));
    else if (Array.isArray(colour) && colour.length === 3 && colour.every((v) => v >= 0 && v <= 255)) rgb = colour.map(Number);
    else throw new Error(`hint ${i + 1}: colour ${JSON.stringify(colour)} is not '#rrggbb' or an (r, g, b) triple`);
    return {x, y, rgb};
  });
}

// A PNG with a tEXt chunk (keyword, text) before IEND, as Python's PngInfo.add_text writes it.
const CRC = Uint32Array.from({length: 256}, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (bytes) => { let c = 0xffffffff; for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
async function withText(blob, keyword, text) {
  const png = new Uint8Array(await blob.arrayBuffer()), body = new TextEncoder().encode(`${keyword}\0${text}`);
  const chunk = new Uint8Array(12 + body.length), dv = new DataView(chunk.buffer);
  dv.setUint32(0, body.length); chunk.set(new TextEncoder().encode('tEXt'), 4); chunk.set(body, 8);
  dv.setUint32(8 + body.length, crc32(chunk.subarray(4, 8 + body.length)));
  const end = png.length - 12;  // IEND is the last chunk: 12 bytes
  return new Blob([png.subarray(0, end), chunk, png.subarray(end)], {type: 'image/png'});
}

$('file').onchange = (e) => { const f = e.target.files[0]; e.target.value = ''; if (f) open(f); };  // the same file again works too
$('split').oninput = (e) => { $('before').style.clipPath = `inset(0 ${100 - e.target.value}% 0 0)`; };
/** Take colours from a colour photo (`colorize.reference`), for the photo on show and those given after it. */
async function setReference(file) {
  if (!colorizer) return say('The model is still loading: give the reference photo once it is ready.', true);
  const bitmap = await decode(file);
  if (!bitmap) return;
  const {rgba, w, h} = draw(bitmap), name = file.name || 'the reference';
  say(`Reading the reference ${name}…`); await frame();
  try { reference = await makeReference(colorizer, rgba, h, w, name); } catch (e) { return say(e.message || String(e), true); }
  $('reference-name').textContent = `Colours from ${name}.`; $('no-reference').hidden = false;
  if (current) render(current); else say(`Colours will come from ${name}: drop, paste or choose a black-and-white photo.`);
}
$('reference-file').onchange = (e) => { const f = e.target.files[0]; e.target.value = ''; if (f) setReference(f); };
$('no-reference').onclick = () => { reference = null; $('reference-name').textContent = ''; $('no-reference').hidden = true; if (current) render(current); };
const refDrop = $('reference-drop');
refDrop.ondragover = (e) => { e.preventDefault(); refDrop.classList.add('over'); };
refDrop.ondragleave = () => refDrop.classList.remove('over');
refDrop.ondrop = (e) => { e.preventDefault(); e.stopPropagation(); refDrop.classList.remove('over'); if (e.dataTransfer.files[0]) setReference(e.dataTransfer.files[0]); };

$('repair').onchange = async () => {  // the photo on show, again from its own lightness, repaired or not
  const c = current;
  if (!c) return;
  say(`${$('repair').checked ? 'Repairing' : 'Colorizing'} ${c.name}…`); await frame();
  try { const p = await prepare(c); if (c !== current) return; c.p = p; } catch (e) { return c === current && say(`Could not repair ${c.name}: ${e.message || e}`, true); }
  render(c);
};
$('vibrance').onchange = () => { $('vibrance-value').textContent = Number($('vibrance').value).toFixed(2); if (current) render(current); };
const drop = $('drop');
drop.ondragover = (e) => { e.preventDefault(); drop.classList.add('over'); };
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = (e) => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files[0]) open(e.dataTransfer.files[0]); };
document.onpaste = (e) => { const f = [...e.clipboardData.files][0]; if (f) open(f); };
start().catch((e) => say(`The model could not be loaded: ${e.message || e}`, true));
