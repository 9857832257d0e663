"""Inference speed and memory: a 1-megapixel and a 12-megapixel photo end to end (decode, colorize, encode JPEG) with
LiteRT and Keras, peak memory of each, `colorize photo.jpg` from a cold start, and the same work done naively with
scikit-image's full-resolution Lab conversions, in the same run.

    python bench/inference.py [--model FOLDER] [--runs 5] [--json FILE]
With a hint model (its `meta.json` says `hints`), also the same photos with 10 hints (of the photo's true colours, and
saturated red ones), timed in turn with none.
Each measurement runs in its own process, so peak memory (max RSS) is that measurement's alone.
"""
import argparse, io, json, os, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from PIL import Image

SIZES = {'1MP': (1155, 866), '12MP': (4000, 3000)}

def colour_source() -> Image.Image:
    "The colour photo the benchmark's gray photos are made from: a Kodak photo if the shared data is there, else scikit-image's astronaut."
    kodak = Path(__file__).parent.parent.parent/'shared'/'data'/'bench'/'kodak24'/'kodim23.png'
    if kodak.exists(): return Image.open(kodak).convert('RGB')
    from skimage import data; return Image.fromarray(data.astronaut())

def make_photo(folder, name, size):
    "A gray JPEG of `size` made from `colour_source()`."
    p = Path(folder)/f'{name}.jpg'; colour_source().convert('L').resize(size, Image.BICUBIC).save(p, quality=92); return p

def worker(model, backend, photo, runs, naive):
    "Time `runs` end-to-end colorizations of `photo`; print JSON with the median and this process's peak memory."
    from colorize.inference import Colorizer, _upsample
    from colorize.images import open_image
    c = Colorizer(model, backend)
    def ours():
        im = open_image(photo); out = c.colorize_image(im); out.save(io.BytesIO(), 'JPEG', quality=92)
    def naive_way():  # the obvious code: skimage Lab conversions on the whole photo
        from skimage import color
        rgb = np.asarray(Image.open(photo).convert('RGB')) / 255.
        lab = color.rgb2lab(rgb)
        ab = _upsample(c.predict_ab(lab[..., 0].astype(np.float32)), *rgb.shape[:2])
        out = color.lab2rgb(np.concatenate([lab[..., :1], ab], -1))
        Image.fromarray((out * 255).astype(np.uint8)).save(io.BytesIO(), 'JPEG', quality=92)
    fn = naive_way if naive else ours
    fn()  # warm-up (first-shape allocation)
    times = []
    for _ in range(runs):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    print(json.dumps(dict(median=statistics.median(times), peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))

def paired(model, photo, runs, n_hints=10) -> dict:
    "Median seconds with no hints, with `n_hints` hints of the photo's true colours (drawn as `colorize-eval` draws them) and with `n_hints` saturated red ones, the three timed in turn in one process (so drift in the machine's speed cancels)."
    from colorize.inference import Colorizer
    from colorize.images import open_image
    from colorize.hints import sample_hints
    c = Colorizer(model)
    size = Image.open(photo).size
    true = sample_hints(np.asarray(colour_source().resize(size, Image.BICUBIC)), n_hints)
    red = [(h.x, h.y, '#b03a2e') for h in true]
    def once(hs):
        t = time.perf_counter(); c.colorize_image(open_image(photo), hints=hs).save(io.BytesIO(), 'JPEG', quality=92)
        return time.perf_counter() - t
    ways = dict(none=None, true_colours=true, saturated=red)
    for hs in ways.values(): once(hs)
    times = [{k: once(hs) for k, hs in ways.items()} for _ in range(runs)]
    return {k: statistics.median(t[k] for t in times) for k in ways}

def run_worker(*args):
    r = subprocess.run([sys.executable, __file__, '--worker', *map(str, args)], capture_output=True, text=True)
    if r.returncode: raise SystemExit(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])

def cold_start(model, photo, runs=3):
    "Median wall time of `colorize photo.jpg` (a new process each time) to the written file."
    times = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp())
        t = time.perf_counter()
        subprocess.run(['colorize', str(photo), '-o', str(out), '--overwrite'] + (['--model', str(model)] if model else []),
                       check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)

def measure(model=None, runs=5) -> dict:
    "Every figure of this benchmark, for `model` (a folder; None: the bundled one), as a dict."
    from colorize.inference import BUNDLED
    from colorize.spec import read_spec
    tmp = Path(tempfile.mkdtemp())
    if model is None and not (BUNDLED/'meta.json').exists():
        import keras
        from colorize.export import export_model
        from colorize.model import build_model, model_config
        keras.utils.set_random_seed(0)
        model = export_model(build_model(model_config('tiny')), tmp/'model')
        print("no bundled model: timing an untrained `tiny` network (the same computation)")
    photos = {k: make_photo(tmp, k, s) for k, s in SIZES.items()}
    m, spec = str(model) if model else '-', read_spec(model or BUNDLED)
    keras_file = any(Path(model or BUNDLED).glob('*.keras'))  # a `--tflite_only` export has none
    ways = [('LiteRT', 'litert', 0)] + [('Keras', 'keras', 0)] * keras_file + [('naive (skimage, LiteRT)', 'litert', 1)]
    out = dict(cores=os.cpu_count(), model=str(model or 'bundled'), version=spec.version, hints=spec.hints, runs=runs,
               photos={k: dict(size=list(s)) for k, s in SIZES.items()})
    for k, p in photos.items():
        out['photos'][k]['ways'] = {label: run_worker(m, backend, p, runs, naive) for label, backend, naive in ways}
        if spec.hints: out['photos'][k]['hints'] = paired(model, p, 2 * runs + 1)
    out['cold_start'] = cold_start(model, photos['1MP'])
    return out

def report(r:dict):
    "Print what `measure` found."
    print(f"{r['cores']} cores; model: {r['model']} ({r['version']}); medians of {r['runs']} runs after a warm-up\n")
    print(f"{'photo':6s} {'way':24s} {'median':>9s} {'peak memory':>12s}")
    for k, ph in r['photos'].items():
        for label, w in ph['ways'].items(): print(f"{k:6s} {label:24s} {w['median'] * 1000:7.0f} ms {w['peak_mb']:9.0f} MB")
        print(f"{k:6s} naive / LiteRT: {ph['ways']['naive (skimage, LiteRT)']['median'] / ph['ways']['LiteRT']['median']:.1f}×")
        if 'hints' in ph:
            t = ph['hints']
            print(f"{k:6s} no hints, 10 of the photo's true colours, 10 saturated red, timed in turn: {t['none'] * 1000:.0f}, "
                  f"{t['true_colours'] * 1000:.0f} ({t['true_colours'] / t['none']:.2f}×), {t['saturated'] * 1000:.0f} ms ({t['saturated'] / t['none']:.2f}×)")
        print()
    print(f"cold start, `colorize 1MP.jpg` to the written file: {r['cold_start'] * 1000:.0f} ms (median of 3)")
    print("goals: 1MP ≤ 150 ms, 12MP ≤ 1500 ms and ≤ 1500 MB, cold start ≤ 1500 ms" + ("; 10 hints ≤ 1.10 × none" if r['hints'] else ''))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', default=None, help='model folder (default: the bundled model)')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--json', help='also write the figures to this file')
    ap.add_argument('--worker', nargs=5, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        m, backend, photo, runs, naive = a.worker
        worker(None if m == '-' else m, backend, photo, int(runs), naive == '1'); sys.exit()
    r = measure(a.model, a.runs); report(r)
    if a.json: Path(a.json).write_text(json.dumps(r, indent=1))
