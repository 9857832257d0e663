"""Input speed against the model's: images/s of the feeder from a photo folder and from a shard, with 1 worker and
all but one core, beside the training-step rate of a preset on the current Keras backend.

    [KERAS_BACKEND=jax] python bench/data.py [--data ../shared/data/photos/train] [--images 3000] [--preset lite0]
"""
import argparse, itertools, os, tempfile, time
from pathlib import Path
import numpy as np

def feeder_rate(source, workers, batches=20, batch=32, size=128):
    "Images/s of a training `Feeder` (after its first batch, which includes starting the workers)."
    from colorize.data import DataConfig, Feeder
    it = Feeder(source, DataConfig(size=size, batch_size=batch), workers=workers).batches()
    next(it); t = time.perf_counter()
    for _ in range(batches): next(it)
    rate = batches * batch / (time.perf_counter() - t); it.close()
    return rate

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default='../shared/data/photos/train')
    ap.add_argument('--images', type=int, default=3000)
    ap.add_argument('--preset', default='lite0')
    a = ap.parse_args()
    import keras
    from colorize.data import list_images, pack_shard
    from train import train_rate
    files = sorted(np.random.default_rng(0).permutation(list_images(a.data))[:a.images].tolist())
    shard = Path(tempfile.mkdtemp())/'bench.npz'
    t = time.perf_counter(); info = pack_shard(files, shard, side=128, quality=70)
    print(f"{len(files)} photos from {a.data}, {os.cpu_count()} cores; shard of {info['photos']} photos, "
          f"{shard.stat().st_size / 1e6:.1f} MB, packed in {time.perf_counter() - t:.1f} s")
    model = train_rate(a.preset, 128, 32, steps=10)
    print(f"model ({a.preset}, 128 px, batch 32, {keras.backend.backend()}) consumes: {model:7.1f} images/s")
    for name, src in (('folder', files), ('shard', shard)):
        for w in sorted({1, max(1, os.cpu_count() - 1)}):
            r = feeder_rate(src, w)
            print(f"feeder from a {name:6s}, {w:2d} worker(s): {r:7.1f} images/s = {r / model:5.1f}× the model")
