"""Reference colours: what a reference costs beside no reference, for the same 1 MP photo in the same run.

    python bench/reference.py [--runs 5] [--json FILE]
Ways: no reference; a reference made ready once (`colorize.reference.Reference`, as a batch with one reference does);
a reference file read on every call. The reference is the left 62 % of the colour photo, the photo its right 62 % in
gray, each resized to 1 MP.
"""
import argparse, json, statistics, sys, time
from pathlib import Path
import numpy as np
from PIL import Image
sys.path.insert(0, str(Path(__file__).parent))
from inference import SIZES, colour_source  # noqa: E402  (the same source photo as the inference benchmark)

def timed(fn, runs:int) -> float:
    fn(); ts = []  # warm: shapes allocated, interpreters loaded
    for _ in range(runs): t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', type=int, default=5); ap.add_argument('--json')
    a = ap.parse_args()
    import tempfile
    from colorize.inference import Colorizer
    from colorize.reference import Reference, split_pair
    from colorize.metrics import desaturate
    ref, truth = split_pair(np.asarray(colour_source()))
    size = SIZES['1MP']
    gray = desaturate(np.asarray(Image.fromarray(truth).resize(size, Image.BICUBIC)))
    ref = np.asarray(Image.fromarray(ref).resize(size, Image.BICUBIC))
    f = Path(tempfile.mkdtemp())/'ref.png'; Image.fromarray(ref).save(f)
    c = Colorizer(); ready = Reference(c, ref)
    times = {'no reference': timed(lambda: c(gray), a.runs), 'reference made ready once': timed(lambda: c(gray, reference=ready), a.runs),
             'reference file read each call': timed(lambda: c(gray, reference=f), a.runs)}
    base = times['no reference']
    for k, v in times.items(): print(f"1 MP {k}: {v:.3f} s ({v / base:.2f}×)")
    if a.json: Path(a.json).write_text(json.dumps(dict(date=time.strftime('%Y-%m-%d'), size=list(size), runs=a.runs,
                                                       results={k: dict(seconds=v, ratio=v / base) for k, v in times.items()}), indent=1))
