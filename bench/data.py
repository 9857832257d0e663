"""Input pipeline speed against the model's: images/s of the default training pipeline (first pass decoding JPEGs,
then from the cache) with 1 and all cores, beside the training-step rate of the default model.

    python bench/data.py [--data ../shared/data/photos/train] [--images 3000]
"""
import argparse, os, time
import numpy as np

def pipeline_rate(files, weights, threads=None, epochs=2, batch=32):
    "Images/s of each pass over `files` through the default training pipeline (pass 1 decodes, later ones hit the cache)."
    import tensorflow as tf
    from colorize.data import DataConfig, make_dataset
    ds = make_dataset(files, DataConfig(batch_size=batch), weights=weights)[0]
    if threads:
        opt = tf.data.Options(); opt.threading.private_threadpool_size = threads; ds = ds.with_options(opt)
    rates = []
    for _ in range(epochs):
        t, n = time.perf_counter(), 0
        for x, *_ in ds: n += len(x)
        rates.append(n / (time.perf_counter() - t))
    return rates

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default='../shared/data/photos/train')
    ap.add_argument('--images', type=int, default=3000)
    a = ap.parse_args()
    from colorize.data import list_images, corpus_prior
    from colorize.color import rebalance_weights
    from train import train_rate
    files = sorted(np.random.default_rng(0).permutation(list_images(a.data))[:a.images].tolist())
    weights = rebalance_weights(corpus_prior(files, 300))
    cores = os.cpu_count()
    model = train_rate('tiny', 128, 32, steps=15)
    print(f"{len(files)} photos from {a.data}, {cores} cores")
    print(f"model (tiny, 128 px, batch 32) consumes : {model:7.1f} images/s")
    for threads in sorted({1, cores}):
        first, cached = pipeline_rate(files, weights, threads)
        print(f"pipeline, {threads} core(s): first pass {first:7.1f} images/s, cached {cached:7.1f} images/s "
              f"= {cached / model:4.1f}× the model")
