"Hugging Face Spaces entry point: the colorize web app on LiteRT (no TensorFlow), bundled model, no downloads."
from colorize.app import serve

serve(host='0.0.0.0', port=7860)
