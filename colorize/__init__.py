__version__ = "0.1.0"

def __getattr__(name:str):
    "`from colorize import Colorizer` (and `Options`), imported on first use, so that `import colorize` stays light."
    if name == 'Colorizer': from .inference import Colorizer; return Colorizer
    if name == 'Options': from .batch import Options; return Options
    raise AttributeError(f"module 'colorize' has no attribute {name!r}")
