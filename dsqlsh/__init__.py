"""dsqlsh: the terminal SQL shell for Amazon Aurora DSQL."""

__version__ = "0.1.0"
