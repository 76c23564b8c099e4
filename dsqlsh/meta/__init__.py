"""Meta-commands: the registry table (registry.py) and one module per command family.

Importing this package fills the table: each handler module registers its commands with @command as it
is imported, in this order (the order \\? lists a group's commands in). The table never changes after.
"""

from dsqlsh.meta import conditionals, copy_command, describe, dsql, io, restricted, connection_commands, batch_command, set_commands, extended, pipeline_commands, environment, watch  # noqa: F401, I001, E501
from dsqlsh.meta import describe_access, describe_partitions, describe_objects, describe_settings, describe_detail, large_objects, password, crosstab, show_definitions, edit_commands, sql_help  # noqa: F401, I001, E501
from dsqlsh.meta import clusters, metrics  # noqa: F401, I001
