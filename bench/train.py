"""Training speed: images/s of a training step for the `tiny` and `base` presets at 128 px (and with mixed precision on a GPU).

    python bench/train.py [--presets tiny base] [--size 128] [--batch 32] [--steps 20]
"""
import argparse, time
import numpy as np

def train_rate(preset='tiny', size=128, batch=32, steps=20, mixed=False):
    "Images/s of `train_on_batch` on a fixed random batch (the model's consumption, without the input pipeline)."
    import keras
    from colorize.model import model_config, build_model, model_loss
    from colorize.color import ab_bins
    keras.mixed_precision.set_global_policy('mixed_float16' if mixed else 'float32')
    cfg = model_config(preset)
    m = build_model(cfg)
    m.compile(optimizer='adam', loss=model_loss(cfg, 1.))
    q = len(ab_bins())
    x = np.random.rand(batch, size, size, 1).astype(np.float32)
    y = np.random.dirichlet(np.ones(q), (batch, size // 4, size // 4)).astype(np.float32)
    w = np.ones((batch, size // 4, size // 4), np.float32)
    for _ in range(3): m.train_on_batch(x, y, sample_weight=w)  # compile and warm up
    t = time.perf_counter()
    for _ in range(steps): m.train_on_batch(x, y, sample_weight=w)
    keras.mixed_precision.set_global_policy('float32')
    return steps * batch / (time.perf_counter() - t)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--presets', nargs='+', default=['tiny', 'base'])
    ap.add_argument('--size', type=int, default=128)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--steps', type=int, default=20)
    a = ap.parse_args()
    import tensorflow as tf
    gpu = bool(tf.config.list_logical_devices('GPU'))
    print(f"device: {'GPU ' + tf.config.experimental.get_device_details(tf.config.list_physical_devices('GPU')[0]).get('device_name', '') if gpu else 'CPU'}")
    for p in a.presets:
        print(f"{p:5s} {a.size}px batch {a.batch}: {train_rate(p, a.size, a.batch, a.steps):7.1f} images/s (float32)")
        if gpu: print(f"{p:5s} {a.size}px batch {a.batch}: {train_rate(p, a.size, a.batch, a.steps, mixed=True):7.1f} images/s (mixed float16)")
