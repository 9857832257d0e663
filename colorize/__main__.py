"`python -m colorize`: the `colorize` command."
from colorize.cli import main

if __name__ == "__main__": main()
