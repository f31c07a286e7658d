"""Entry point of the bundle: the same main() as the `gradsum-studio` command."""
import multiprocessing
import sys

from gradsum.desktop.app import main

if __name__ == "__main__":
    # the model runs in a child process started from this same executable: let it be one
    multiprocessing.freeze_support()
    sys.exit(main())
