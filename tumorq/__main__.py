"`python -m tumorq` runs the same command line as the `tumorq` console script."
from tumorq.cli import main

if __name__ == "__main__": raise SystemExit(main())
