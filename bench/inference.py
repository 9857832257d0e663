"""Inference speed and memory: a 1-megapixel and a 12-megapixel photo end to end (decode, colorize, encode JPEG) with
LiteRT and Keras, peak memory of each, `colorize photo.jpg` from a cold start, and the same work done naively with
scikit-image's full-resolution Lab conversions, in the same run.

    python bench/inference.py [--model FOLDER] [--runs 5]
With a hint model (its `meta.json` says `hints`), also the same photos with 10 hints, beside the run without.
Each measurement runs in its own process, so peak memory (max RSS) is that measurement's alone.
"""
import argparse, io, json, os, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from PIL import Image

SIZES = {'1MP': (1155, 866), '12MP': (4000, 3000)}

def make_photo(folder, name, size):
    "A JPEG of `size` from a Kodak photo if the shared data is there, else scikit-image's astronaut."
    kodak = Path(__file__).parent.parent.parent/'shared'/'data'/'bench'/'kodak24'/'kodim23.png'
    if kodak.exists(): im = Image.open(kodak).convert('L')
    else:
        from skimage import data; im = Image.fromarray(data.astronaut()).convert('L')
    p = Path(folder)/f'{name}.jpg'; im.resize(size, Image.BICUBIC).save(p, quality=92); return p

def worker(model, backend, photo, runs, naive, n_hints=0):
    "Time `runs` end-to-end colorizations of `photo` (with `n_hints` hints); print JSON with the median and this process's peak memory."
    from colorize.inference import Colorizer, _upsample
    from colorize.images import open_image
    c = Colorizer(model, backend)
    w, h = Image.open(photo).size
    rng = np.random.default_rng(0)
    hints = [(float(rng.uniform(0, w - 1)), float(rng.uniform(0, h - 1)), '#b03a2e') for _ in range(n_hints)] or None
    def ours():
        im = open_image(photo); out = c.colorize_image(im, hints=hints); out.save(io.BytesIO(), 'JPEG', quality=92)
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

def paired(model, photo, runs, n_hints=10):
    "Median seconds without and with `n_hints` hints, the two timed alternately in one process (so drift in the machine's speed cancels)."
    from colorize.inference import Colorizer
    from colorize.images import open_image
    c = Colorizer(model)
    w, h = Image.open(photo).size
    rng = np.random.default_rng(0)
    hints = [(float(rng.uniform(0, w - 1)), float(rng.uniform(0, h - 1)), '#b03a2e') for _ in range(n_hints)]
    def once(hs):
        t = time.perf_counter(); c.colorize_image(open_image(photo), hints=hs).save(io.BytesIO(), 'JPEG', quality=92)
        return time.perf_counter() - t
    once(None); once(hints)
    times = [(once(None), once(hints)) for _ in range(runs)]
    return statistics.median(t for t, _ in times), statistics.median(t for _, t in times)

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

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', default=None, help='model folder (default: the bundled model)')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--worker', nargs=6, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        m, backend, photo, runs, naive, n_hints = a.worker
        worker(None if m == '-' else m, backend, photo, int(runs), naive == '1', int(n_hints)); sys.exit()
    from colorize.inference import BUNDLED
    model, tmp = a.model, Path(tempfile.mkdtemp())
    if model is None and not (BUNDLED/'meta.json').exists():
        import keras
        from colorize.export import export_model
        from colorize.model import build_model, model_config
        keras.utils.set_random_seed(0)
        model = export_model(build_model(model_config('tiny')), tmp/'model')
        print("no bundled model: timing an untrained `tiny` network (the same computation)")
    photos = {k: make_photo(tmp, k, s) for k, s in SIZES.items()}
    m = str(model) if model else '-'
    print(f"{os.cpu_count()} cores; model: {model or 'bundled'}; medians of {a.runs} runs after a warm-up\n")
    print(f"{'photo':6s} {'way':22s} {'median':>9s} {'peak memory':>12s}")
    res, keras_file = {}, any(Path(model or BUNDLED).glob('*.keras'))  # a `--tflite_only` export has none
    from colorize.spec import read_spec
    hints = read_spec(model or BUNDLED).hints
    ways = ([('LiteRT', 'litert', 0, 0)] + [('LiteRT, 10 hints', 'litert', 0, 10)] * hints + [('Keras', 'keras', 0, 0)] * keras_file
            + [('naive (skimage, LiteRT)', 'litert', 1, 0)])
    for k, p in photos.items():
        for label, backend, naive, n in ways:
            r = res[k, label] = run_worker(m, backend, p, a.runs, naive, n)
            print(f"{k:6s} {label:22s} {r['median'] * 1000:7.0f} ms {r['peak_mb']:9.0f} MB")
        print(f"{k:6s} naive / LiteRT: {res[k, 'naive (skimage, LiteRT)']['median'] / res[k, 'LiteRT']['median']:.1f}×")
        if hints:
            none, some = paired(model, p, 2 * a.runs + 1)
            print(f"{k:6s} none and 10 hints timed alternately in one process: {none * 1000:.0f} ms and {some * 1000:.0f} ms, {some / none:.2f}×")
        print()
    print(f"cold start, `colorize 1MP.jpg` to the written file: {cold_start(model, photos['1MP']) * 1000:.0f} ms (median of 3)")
    print("goals: 1MP ≤ 150 ms, 12MP ≤ 1500 ms and ≤ 1500 MB, cold start ≤ 1500 ms" + ("; 10 hints ≤ 1.10 × none" if hints else ''))
