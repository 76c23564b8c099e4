"""python -m dsqlsh"""

from dsqlsh.cli import main

raise SystemExit(main())
