"""Entry point of the bundle: the same main() as the `gradsum-studio` command."""
import sys

from gradsum.desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
