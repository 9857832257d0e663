"""Training speed: images/s of a training step for presets at 128 px, on the current Keras backend (bfloat16 on accelerators).

    [KERAS_BACKEND=jax] python bench/train.py [--presets tiny lite0] [--size 128] [--batch 32] [--steps 20]
"""
import argparse, time
import numpy as np

def train_rate(preset='tiny', size=128, batch=32, steps=20, mixed=False, finetune_from=100):
    "Images/s of `train_on_batch` on a fixed random batch (the model's consumption, without the input pipeline)."
    import keras
    from colorize.model import model_config, build_model, model_loss, set_trainable
    keras.mixed_precision.set_global_policy('mixed_bfloat16' if mixed else 'float32')
    cfg = model_config(preset)
    m = set_trainable(build_model(cfg), finetune_from)
    m.compile(optimizer='adam', loss=model_loss(cfg, ab_weight=1.))
    x = np.random.uniform(-1, 1, (batch, size, size, 1)).astype(np.float32)
    y = np.random.uniform(-0.5, 0.5, (batch, size // 4, size // 4, 2)).astype(np.float32)
    for _ in range(3): m.train_on_batch(x, y)  # compile and warm up
    t = time.perf_counter()
    for _ in range(steps): m.train_on_batch(x, y)
    keras.mixed_precision.set_global_policy('float32')
    return steps * batch / (time.perf_counter() - t)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--presets', nargs='+', default=['tiny', 'lite0'])
    ap.add_argument('--size', type=int, default=128)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--steps', type=int, default=20)
    a = ap.parse_args()
    import keras
    from colorize.train import accelerators
    acc = accelerators()
    print(f"backend {keras.backend.backend()}, device: {acc[0] if acc else 'CPU'}")
    for p in a.presets:
        stages = [('', 100)] + ([(' (encoder from block 5)', 5)] if p == 'lite0' else [])
        for name, ff in stages:
            print(f"{p:5s}{name} {a.size}px batch {a.batch}: {train_rate(p, a.size, a.batch, a.steps, bool(acc), ff):7.1f} images/s")
