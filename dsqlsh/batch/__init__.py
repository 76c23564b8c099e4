"""\\batch: an UPDATE, DELETE or INSERT ... SELECT run in batches of their own transactions, walking the table in
primary-key order so that every row is changed exactly once, past DSQL's 3,000 rows per transaction.

    statement.py  what can be batched, read with pglast; the statement with a key range added
    keys.py       keys, key ranges, and BATCH_RESUME_KEY's value
    catalog.py    what is asked of the server first: the key, volatility, row width, the jobs' ranges
    walk.py       the batches, on one connection per job, with retries
    run.py        from start to end: refusals, progress, the command tag, or what is committed and how to go on
"""

from dsqlsh.batch.run import BatchOptions, run_batch

__all__ = ["BatchOptions", "run_batch"]
