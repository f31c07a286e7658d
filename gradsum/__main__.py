from gradsum.cli import main

if __name__ == "__main__":  # the model process (spawn) imports this module too
    raise SystemExit(main())
