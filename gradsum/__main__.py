from gradsum.cli import main

raise SystemExit(main())
