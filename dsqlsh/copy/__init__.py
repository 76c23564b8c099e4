"""\\copy: psql's client-side COPY, plus loads batched under DSQL's transaction limits with exact resume.

parse() follows psql's parse_slash_copy (src/bin/psql/copy.c): the line becomes ``COPY <what> FROM STDIN
<options>`` or ``COPY <what> TO STDOUT <options>`` and the data streams through this process. A load is
batched when COPY_BATCH_ROWS / COPY_BATCH_BYTES are set, or by default on a DSQL host: each batch is its own
COPY committed before the next, so what is committed is always a prefix of the input (DSQL refuses more than
3,000 rows or 10 MiB in one transaction). COPY_JOBS connections load batches at once and commit them in input
order; an OCC conflict, or on DSQL a connection the server closed before the batch's COMMIT was sent, retries
the batch. A COMMIT sent and never answered is never retried: the load stops and says what is unknown.

The modules, in the order a load goes through them: parser (the \\copy line), run (the COPY sent, its
client_end opened), data_format (records), batches, load (parallel, progress, resume). What psql prints and
sets around the COPY comes from dsqlsh/reporting.py, as for any statement. This package re-exports the
entry points callers use.
"""

from dsqlsh.copy.data_format import Format, Record, copy_format, records
from dsqlsh.copy.parser import CopyParseError, CopySpec, parse
from dsqlsh.copy.run import run_copy, script_copy_in

__all__ = ["CopyParseError", "CopySpec", "Format", "Record", "copy_format", "parse", "records", "run_copy",
           "script_copy_in"]
