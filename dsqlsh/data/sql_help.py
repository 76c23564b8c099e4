"""The SQL commands \\h knows, in psql 18's order: name, description, documentation page and a synopsis.

The names, their order, the one-line descriptions and the page names are psql 18's, so \\h lists, matches and
links exactly as psql does. The synopses are dsqlsh's own compact summaries of each command's main forms and
clauses, written from the PostgreSQL 18 reference pages; the page behind the URL has the full grammar.

Notation: KEYWORDS in capitals, placeholders in lower case; [x] is optional, {a | b} is one of them; "x, ..."
repeats x with commas, "x ..." without. A name followed by a colon, under the forms, spells out a placeholder.

Plain data, imported only when \\h runs.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Topic", "TOPICS"]


class Topic(NamedTuple):
    """One command's help: psql's name, description and doc page, and dsqlsh's synopsis."""

    name: str
    description: str
    page: str  # the reference page's id: https://www.postgresql.org/docs/18/<page>.html
    synopsis: str


# Pieces several synopses share.
_COMMON_ALTER = "{RENAME TO new_name | OWNER TO role | SET SCHEMA new_schema}"
_ROUTINE_ARGS = "[([[argmode] [argname] argtype, ...])]"
_AGGREGATE_ARGS = """\
signature:
    * | [arg, ...] [ORDER BY arg, ...]        (arg: [argmode] [argname] argtype)"""
_SETTING = "SET parameter {{TO | =} {value | DEFAULT} | FROM CURRENT} | RESET {parameter | ALL}"
_TRANSACTION_MODE = """\
mode:
    ISOLATION LEVEL {SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED}
    READ WRITE | READ ONLY | [NOT] DEFERRABLE"""
_ROLE_OPTIONS = """\
option:
    [NO]SUPERUSER | [NO]CREATEDB | [NO]CREATEROLE | [NO]INHERIT | [NO]LOGIN
    [NO]REPLICATION | [NO]BYPASSRLS | CONNECTION LIMIT n
    [ENCRYPTED] PASSWORD 'password' | PASSWORD NULL | VALID UNTIL 'timestamp'"""
_FDW_OPTIONS = "[OPTIONS ([ADD | SET | DROP] option ['value'], ...)]"
_MAPPED_USER = "{user_name | USER | CURRENT_ROLE | CURRENT_USER | PUBLIC}"
_RETURNING = "[RETURNING [WITH ({OLD | NEW} AS alias, ...)] {* | expression [[AS] name]}, ...]"
_WITH = "[WITH [RECURSIVE] with_query, ...]"
_CURSOR_DIRECTION = """\
direction:
    NEXT | PRIOR | FIRST | LAST | ABSOLUTE n | RELATIVE n | n | ALL
    FORWARD [n | ALL] | BACKWARD [n | ALL]"""


def _drop(kind: str, *, several: bool = True, cascade: bool = True) -> str:
    """The synopsis of a plain DROP: DROP kind [IF EXISTS] name[, ...] [CASCADE | RESTRICT]."""
    names = "name, ..." if several else "name"
    return f"DROP {kind} [IF EXISTS] {names}" + (" [CASCADE | RESTRICT]" if cascade else "")


def _drop_routine(kind: str) -> str:
    return f"DROP {kind} [IF EXISTS] name {_ROUTINE_ARGS}, ... [CASCADE | RESTRICT]"


def _alter_routine(kind: str, actions: str) -> str:
    return f"""\
ALTER {kind} name {_ROUTINE_ARGS}
    {{action ... [RESTRICT] | {_COMMON_ALTER[1:-1]}
     | [NO] DEPENDS ON EXTENSION extension}}

action:
{actions}"""


def _alter_ts(kind: str, owner: bool = True) -> str:
    tail = _COMMON_ALTER if owner else "{RENAME TO new_name | SET SCHEMA new_schema}"
    return f"ALTER TEXT SEARCH {kind} name {tail}"


_FUNCTION_ACTIONS = f"""\
    CALLED ON NULL INPUT | RETURNS NULL ON NULL INPUT | STRICT
    IMMUTABLE | STABLE | VOLATILE | [NOT] LEAKPROOF
    [EXTERNAL] SECURITY {{INVOKER | DEFINER}} | PARALLEL {{UNSAFE | RESTRICTED | SAFE}}
    COST cost | ROWS rows | SUPPORT function
    {_SETTING}"""
_PROCEDURE_ACTIONS = f"""\
    [EXTERNAL] SECURITY {{INVOKER | DEFINER}}
    {_SETTING}"""

_SELECT = f"""\
{_WITH}
SELECT [ALL | DISTINCT [ON (expression, ...)]]
    [* | expression [[AS] name], ...]
    [FROM from_item, ...]
    [WHERE condition]
    [GROUP BY [ALL | DISTINCT] grouping_element, ...]
    [HAVING condition]
    [WINDOW window AS (definition), ...]
    [{{UNION | INTERSECT | EXCEPT}} [ALL | DISTINCT] select]
    [ORDER BY expression [ASC | DESC | USING operator] [NULLS {{FIRST | LAST}}], ...]
    [LIMIT {{count | ALL}}] [OFFSET start [ROW | ROWS]]
    [FETCH {{FIRST | NEXT}} [count] {{ROW | ROWS}} {{ONLY | WITH TIES}}]
    [FOR {{UPDATE | NO KEY UPDATE | SHARE | KEY SHARE}} [OF table, ...] [NOWAIT | SKIP LOCKED] ...]
TABLE [ONLY] table [*]

from_item:
    [ONLY] table [*] [[AS] alias [(column_alias, ...)]]
        [TABLESAMPLE method (argument, ...) [REPEATABLE (seed)]]
    [LATERAL] (select) [[AS] alias [(column_alias, ...)]]
    [LATERAL] function (argument, ...) [WITH ORDINALITY] [[AS] alias [(column_alias, ...)]]
    [LATERAL] function (argument, ...) [AS] [alias] (column type, ...)
    [LATERAL] ROWS FROM (function (argument, ...) [AS (column type, ...)], ...) [WITH ORDINALITY] [...]
    from_item [NATURAL] join_type from_item [ON condition | USING (column, ...) [AS alias]]
    from_item CROSS JOIN from_item
grouping_element:
    () | expression | (expression, ...) | ROLLUP (...) | CUBE (...) | GROUPING SETS (grouping_element, ...)
with_query:
    name [(column, ...)] AS [[NOT] MATERIALIZED] ({{select | values | insert | update | delete | merge}})
        [SEARCH {{BREADTH | DEPTH}} FIRST BY column, ... SET column]
        [CYCLE column, ... SET column [TO value DEFAULT value] USING column]"""

_GRANT_TARGETS = """\
privilege:
    SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER | MAINTAIN
    CREATE | CONNECT | TEMPORARY | EXECUTE | USAGE | SET | ALTER SYSTEM
objects:
    [TABLE] name, ... | ALL TABLES IN SCHEMA schema, ...
    SEQUENCE name, ... | ALL SEQUENCES IN SCHEMA schema, ...
    {FUNCTION | PROCEDURE | ROUTINE} name [(argtype, ...)], ...
    ALL {FUNCTIONS | PROCEDURES | ROUTINES} IN SCHEMA schema, ...
    {DATABASE | DOMAIN | FOREIGN DATA WRAPPER | FOREIGN SERVER | LANGUAGE | LARGE OBJECT
     | PARAMETER | SCHEMA | TABLESPACE | TYPE} name, ...
grantee:
    [GROUP] role | PUBLIC | CURRENT_ROLE | CURRENT_USER | SESSION_USER"""

_CREATE_TABLE = """\
CREATE [[GLOBAL | LOCAL] {TEMPORARY | TEMP} | UNLOGGED] TABLE [IF NOT EXISTS] name (
    [{column type [STORAGE mode] [COMPRESSION method] [COLLATE collation] [column_constraint ...]
      | table_constraint
      | LIKE source [{INCLUDING | EXCLUDING} {ALL | COMMENTS | DEFAULTS | IDENTITY | INDEXES ...} ...]}, ...])
    [INHERITS (parent, ...)]
    [PARTITION BY {RANGE | LIST | HASH} ({column | (expression)} [COLLATE collation] [opclass], ...)]
    [USING method] [WITH (parameter [= value], ...) | WITHOUT OIDS]
    [ON COMMIT {PRESERVE ROWS | DELETE ROWS | DROP}] [TABLESPACE tablespace]
CREATE [...] TABLE [IF NOT EXISTS] name OF type [(column WITH OPTIONS [column_constraint ...], ...)] [...]
CREATE [...] TABLE [IF NOT EXISTS] name PARTITION OF parent [(...)] {FOR VALUES bound | DEFAULT} [...]

column_constraint:
    [CONSTRAINT name]
    {NOT NULL [NO INHERIT] | NULL | CHECK (expression) [NO INHERIT] | DEFAULT expression
     | GENERATED ALWAYS AS (expression) [STORED | VIRTUAL]
     | GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(sequence_option ...)]
     | UNIQUE [NULLS [NOT] DISTINCT] [index_parameters] | PRIMARY KEY [index_parameters]
     | REFERENCES other_table [(other_column)] [MATCH {FULL | PARTIAL | SIMPLE}]
       [ON DELETE action] [ON UPDATE action]}
    [[NOT] DEFERRABLE] [INITIALLY {DEFERRED | IMMEDIATE}] [[NOT] ENFORCED]
table_constraint:
    [CONSTRAINT name]
    {CHECK (expression) [NO INHERIT] | NOT NULL column [NO INHERIT]
     | UNIQUE [NULLS [NOT] DISTINCT] (column, ... [, column WITHOUT OVERLAPS]) [index_parameters]
     | PRIMARY KEY (column, ... [, column WITHOUT OVERLAPS]) [index_parameters]
     | EXCLUDE [USING method] (element WITH operator, ...) [index_parameters] [WHERE (predicate)]
     | FOREIGN KEY (column, ... [, PERIOD column]) REFERENCES other_table [(other_column, ...)]
       [MATCH {FULL | PARTIAL | SIMPLE}] [ON DELETE action] [ON UPDATE action]}
    [[NOT] DEFERRABLE] [INITIALLY {DEFERRED | IMMEDIATE}] [[NOT] ENFORCED]
index_parameters:
    [INCLUDE (column, ...)] [WITH (parameter [= value], ...)] [USING INDEX TABLESPACE tablespace]
action:
    NO ACTION | RESTRICT | CASCADE | SET NULL [(column, ...)] | SET DEFAULT [(column, ...)]
bound:
    IN (value, ...) | FROM ({value | MINVALUE | MAXVALUE}, ...) TO ({value | MINVALUE | MAXVALUE}, ...)
    | WITH (MODULUS m, REMAINDER r)"""

_ALTER_TABLE = """\
ALTER TABLE [IF EXISTS] [ONLY] name [*] action, ...
ALTER TABLE [IF EXISTS] [ONLY] name [*] RENAME [COLUMN] column TO new_column
ALTER TABLE [IF EXISTS] [ONLY] name [*] RENAME CONSTRAINT constraint TO new_constraint
ALTER TABLE [IF EXISTS] name {RENAME TO new_name | SET SCHEMA new_schema}
ALTER TABLE [IF EXISTS] name ATTACH PARTITION partition {FOR VALUES bound | DEFAULT}
ALTER TABLE [IF EXISTS] name DETACH PARTITION partition [CONCURRENTLY | FINALIZE]
ALTER TABLE ALL IN TABLESPACE name [OWNED BY role, ...] SET TABLESPACE new_tablespace [NOWAIT]

action:
    ADD [COLUMN] [IF NOT EXISTS] column type [COLLATE collation] [column_constraint ...]
    DROP [COLUMN] [IF EXISTS] column [RESTRICT | CASCADE]
    ALTER [COLUMN] column [SET DATA] TYPE type [COLLATE collation] [USING expression]
    ALTER [COLUMN] column {SET DEFAULT expression | DROP DEFAULT | {SET | DROP} NOT NULL}
    ALTER [COLUMN] column {SET EXPRESSION AS (expression) | DROP EXPRESSION [IF EXISTS]}
    ALTER [COLUMN] column ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(sequence_option ...)]
    ALTER [COLUMN] column {SET GENERATED {ALWAYS | BY DEFAULT} | SET sequence_option | RESTART [[WITH] n]} ...
    ALTER [COLUMN] column DROP IDENTITY [IF EXISTS]
    ALTER [COLUMN] column {SET STATISTICS {n | DEFAULT} | SET (option = value, ...) | RESET (option, ...)}
    ALTER [COLUMN] column {SET STORAGE {PLAIN | EXTERNAL | EXTENDED | MAIN | DEFAULT} | SET COMPRESSION method}
    ADD table_constraint [NOT VALID] | ADD [CONSTRAINT name] {UNIQUE | PRIMARY KEY} USING INDEX index
    ALTER CONSTRAINT constraint [[NOT] DEFERRABLE] [INITIALLY {DEFERRED | IMMEDIATE}] [[NOT] ENFORCED]
    ALTER CONSTRAINT constraint {INHERIT | NO INHERIT}
    VALIDATE CONSTRAINT constraint | DROP CONSTRAINT [IF EXISTS] constraint [RESTRICT | CASCADE]
    {DISABLE | ENABLE [REPLICA | ALWAYS]} {TRIGGER [name | ALL | USER] | RULE name}
    {DISABLE | ENABLE | FORCE | NO FORCE} ROW LEVEL SECURITY
    CLUSTER ON index | SET WITHOUT CLUSTER | SET WITHOUT OIDS
    SET ACCESS METHOD {method | DEFAULT} | SET TABLESPACE tablespace | SET {LOGGED | UNLOGGED}
    SET (parameter [= value], ...) | RESET (parameter, ...)
    [NO] INHERIT parent | OF type | NOT OF | OWNER TO role
    REPLICA IDENTITY {DEFAULT | USING INDEX index | FULL | NOTHING}

(column_constraint, table_constraint and bound as in CREATE TABLE)"""

_VACUUM_OPTIONS = """\
option (each switch takes an optional boolean):
    FULL | FREEZE | VERBOSE | ANALYZE | DISABLE_PAGE_SKIPPING | SKIP_LOCKED
    INDEX_CLEANUP {AUTO | ON | OFF} | PROCESS_MAIN | PROCESS_TOAST | TRUNCATE | PARALLEL n
    SKIP_DATABASE_STATS | ONLY_DATABASE_STATS | BUFFER_USAGE_LIMIT size"""

TOPICS: tuple[Topic, ...] = (
    Topic("ABORT", "abort the current transaction", "sql-abort",
          "ABORT [WORK | TRANSACTION] [AND [NO] CHAIN]"),
    Topic("ALTER AGGREGATE", "change the definition of an aggregate function", "sql-alteraggregate",
          f"ALTER AGGREGATE name (signature) {_COMMON_ALTER}\n\n{_AGGREGATE_ARGS}"),
    Topic("ALTER COLLATION", "change the definition of a collation", "sql-altercollation",
          f"ALTER COLLATION name REFRESH VERSION\nALTER COLLATION name {_COMMON_ALTER}"),
    Topic("ALTER CONVERSION", "change the definition of a conversion", "sql-alterconversion",
          f"ALTER CONVERSION name {_COMMON_ALTER}"),
    Topic("ALTER DATABASE", "change a database", "sql-alterdatabase", """\
ALTER DATABASE name [WITH] {ALLOW_CONNECTIONS bool | CONNECTION LIMIT n | IS_TEMPLATE bool} ...
ALTER DATABASE name {RENAME TO new_name | OWNER TO role | SET TABLESPACE tablespace}
ALTER DATABASE name REFRESH COLLATION VERSION
ALTER DATABASE name SET parameter {{TO | =} {value | DEFAULT} | FROM CURRENT}
ALTER DATABASE name RESET {parameter | ALL}"""),
    Topic("ALTER DEFAULT PRIVILEGES", "define default access privileges", "sql-alterdefaultprivileges", """\
ALTER DEFAULT PRIVILEGES [FOR {ROLE | USER} role, ...] [IN SCHEMA schema, ...]
    {GRANT privileges ON kind TO grantee, ... [WITH GRANT OPTION]
     | REVOKE [GRANT OPTION FOR] privileges ON kind FROM grantee, ... [CASCADE | RESTRICT]}

privileges:
    {privilege, ... | ALL [PRIVILEGES]}, the privileges the kind of object has
kind:
    TABLES | SEQUENCES | FUNCTIONS | ROUTINES | TYPES | SCHEMAS | LARGE OBJECTS
grantee:
    [GROUP] role | PUBLIC"""),
    Topic("ALTER DOMAIN", "change the definition of a domain", "sql-alterdomain", f"""\
ALTER DOMAIN name {{SET DEFAULT expression | DROP DEFAULT | {{SET | DROP}} NOT NULL}}
ALTER DOMAIN name ADD [CONSTRAINT constraint] {{NOT NULL | CHECK (expression)}} [NOT VALID]
ALTER DOMAIN name DROP CONSTRAINT [IF EXISTS] constraint [RESTRICT | CASCADE]
ALTER DOMAIN name RENAME CONSTRAINT constraint TO new_constraint
ALTER DOMAIN name VALIDATE CONSTRAINT constraint
ALTER DOMAIN name {_COMMON_ALTER}"""),
    Topic("ALTER EVENT TRIGGER", "change the definition of an event trigger", "sql-altereventtrigger", """\
ALTER EVENT TRIGGER name {DISABLE | ENABLE [REPLICA | ALWAYS]}
ALTER EVENT TRIGGER name {OWNER TO role | RENAME TO new_name}"""),
    Topic("ALTER EXTENSION", "change the definition of an extension", "sql-alterextension", """\
ALTER EXTENSION name UPDATE [TO new_version]
ALTER EXTENSION name SET SCHEMA new_schema
ALTER EXTENSION name {ADD | DROP} member

member:
    kind object, for any kind of object an extension can hold: TABLE t, FUNCTION f (argtype, ...), TYPE t, ..."""),
    Topic("ALTER FOREIGN DATA WRAPPER", "change the definition of a foreign-data wrapper",
          "sql-alterforeigndatawrapper", f"""\
ALTER FOREIGN DATA WRAPPER name
    [HANDLER function | NO HANDLER] [VALIDATOR function | NO VALIDATOR]
    {_FDW_OPTIONS}
ALTER FOREIGN DATA WRAPPER name {{OWNER TO role | RENAME TO new_name}}"""),
    Topic("ALTER FOREIGN TABLE", "change the definition of a foreign table", "sql-alterforeigntable", f"""\
ALTER FOREIGN TABLE [IF EXISTS] [ONLY] name [*] action, ...
ALTER FOREIGN TABLE [IF EXISTS] [ONLY] name [*] RENAME [COLUMN] column TO new_column
ALTER FOREIGN TABLE [IF EXISTS] name {{RENAME TO new_name | SET SCHEMA new_schema}}

action:
    ADD [COLUMN] [IF NOT EXISTS] column type [COLLATE collation] [column_constraint ...]
    DROP [COLUMN] [IF EXISTS] column [RESTRICT | CASCADE]
    ALTER [COLUMN] column {{[SET DATA] TYPE type | SET DEFAULT expression | DROP DEFAULT | {{SET | DROP}} NOT NULL}}
    ALTER [COLUMN] column {{SET STATISTICS n | SET (option = value, ...) | RESET (option, ...) | SET STORAGE mode}}
    ALTER [COLUMN] column {_FDW_OPTIONS[1:-1]}
    ADD table_constraint [NOT VALID] | VALIDATE CONSTRAINT name | DROP CONSTRAINT [IF EXISTS] name
    {{DISABLE | ENABLE [REPLICA | ALWAYS]}} TRIGGER [name | ALL | USER]
    [NO] INHERIT parent | SET WITHOUT OIDS | OWNER TO role | {_FDW_OPTIONS[1:-1]}"""),
    Topic("ALTER FUNCTION", "change the definition of a function", "sql-alterfunction",
          _alter_routine("FUNCTION", _FUNCTION_ACTIONS)),
    Topic("ALTER GROUP", "change role name or membership", "sql-altergroup", """\
ALTER GROUP {role | CURRENT_ROLE | CURRENT_USER | SESSION_USER} {ADD | DROP} USER user, ...
ALTER GROUP name RENAME TO new_name"""),
    Topic("ALTER INDEX", "change the definition of an index", "sql-alterindex", """\
ALTER INDEX [IF EXISTS] name {RENAME TO new_name | SET TABLESPACE tablespace}
ALTER INDEX [IF EXISTS] name {SET (parameter [= value], ...) | RESET (parameter, ...)}
ALTER INDEX [IF EXISTS] name ALTER [COLUMN] column_number SET STATISTICS n
ALTER INDEX name ATTACH PARTITION index
ALTER INDEX name [NO] DEPENDS ON EXTENSION extension
ALTER INDEX ALL IN TABLESPACE name [OWNED BY role, ...] SET TABLESPACE new_tablespace [NOWAIT]"""),
    Topic("ALTER LANGUAGE", "change the definition of a procedural language", "sql-alterlanguage",
          "ALTER [PROCEDURAL] LANGUAGE name {RENAME TO new_name | OWNER TO role}"),
    Topic("ALTER LARGE OBJECT", "change the definition of a large object", "sql-alterlargeobject",
          "ALTER LARGE OBJECT oid OWNER TO role"),
    Topic("ALTER MATERIALIZED VIEW", "change the definition of a materialized view", "sql-altermaterializedview", """\
ALTER MATERIALIZED VIEW [IF EXISTS] name action, ...
ALTER MATERIALIZED VIEW [IF EXISTS] name
    {RENAME [COLUMN] column TO new_column | RENAME TO new_name | SET SCHEMA new_schema}
ALTER MATERIALIZED VIEW name [NO] DEPENDS ON EXTENSION extension
ALTER MATERIALIZED VIEW ALL IN TABLESPACE name [OWNED BY role, ...] SET TABLESPACE new_tablespace [NOWAIT]

action:
    ALTER [COLUMN] column {SET STATISTICS n | SET (option = value, ...) | RESET (option, ...)}
    ALTER [COLUMN] column {SET STORAGE mode | SET COMPRESSION method}
    CLUSTER ON index | SET WITHOUT CLUSTER | SET ACCESS METHOD method | SET TABLESPACE tablespace
    SET (parameter [= value], ...) | RESET (parameter, ...) | OWNER TO role"""),
    Topic("ALTER OPERATOR", "change the definition of an operator", "sql-alteroperator", """\
ALTER OPERATOR name ({left_type | NONE}, right_type)
    {OWNER TO role | SET SCHEMA new_schema | SET (property, ...)}

property:
    RESTRICT = {function | NONE} | JOIN = {function | NONE}
    COMMUTATOR = operator | NEGATOR = operator | HASHES | MERGES"""),
    Topic("ALTER OPERATOR CLASS", "change the definition of an operator class", "sql-alteropclass",
          f"ALTER OPERATOR CLASS name USING index_method {_COMMON_ALTER}"),
    Topic("ALTER OPERATOR FAMILY", "change the definition of an operator family", "sql-alteropfamily", f"""\
ALTER OPERATOR FAMILY name USING index_method ADD member, ...
ALTER OPERATOR FAMILY name USING index_method DROP
    {{OPERATOR strategy (left_type [, right_type]) | FUNCTION support (left_type [, right_type])}}, ...
ALTER OPERATOR FAMILY name USING index_method {_COMMON_ALTER}

member:
    OPERATOR strategy operator (left_type, right_type) [FOR SEARCH | FOR ORDER BY sort_family]
    FUNCTION support [(left_type [, right_type])] function [(argtype, ...)]"""),
    Topic("ALTER POLICY", "change the definition of a row-level security policy", "sql-alterpolicy", """\
ALTER POLICY name ON table RENAME TO new_name
ALTER POLICY name ON table [TO role, ...] [USING (expression)] [WITH CHECK (expression)]"""),
    Topic("ALTER PROCEDURE", "change the definition of a procedure", "sql-alterprocedure",
          _alter_routine("PROCEDURE", _PROCEDURE_ACTIONS)),
    Topic("ALTER PUBLICATION", "change the definition of a publication", "sql-alterpublication", """\
ALTER PUBLICATION name {ADD | SET | DROP} object, ...
ALTER PUBLICATION name SET (parameter [= value], ...)
ALTER PUBLICATION name {OWNER TO role | RENAME TO new_name}

object:
    TABLE [ONLY] table [*] [(column, ...)] [WHERE (expression)]
    TABLES IN SCHEMA {schema | CURRENT_SCHEMA}"""),
    Topic("ALTER ROLE", "change a database role", "sql-alterrole", f"""\
ALTER ROLE role [WITH] option ...
ALTER ROLE name RENAME TO new_name
ALTER ROLE {{role | ALL}} [IN DATABASE database] SET parameter {{{{TO | =}} {{value | DEFAULT}} | FROM CURRENT}}
ALTER ROLE {{role | ALL}} [IN DATABASE database] RESET {{parameter | ALL}}

{_ROLE_OPTIONS}"""),
    Topic("ALTER ROUTINE", "change the definition of a routine", "sql-alterroutine",
          _alter_routine("ROUTINE", _FUNCTION_ACTIONS) + "\n    (for a procedure: only SECURITY, SET and RESET)"),
    Topic("ALTER RULE", "change the definition of a rule", "sql-alterrule",
          "ALTER RULE name ON table RENAME TO new_name"),
    Topic("ALTER SCHEMA", "change the definition of a schema", "sql-alterschema",
          "ALTER SCHEMA name {RENAME TO new_name | OWNER TO role}"),
    Topic("ALTER SEQUENCE", "change the definition of a sequence generator", "sql-altersequence", f"""\
ALTER SEQUENCE [IF EXISTS] name
    [AS type] [INCREMENT [BY] n]
    [MINVALUE min | NO MINVALUE] [MAXVALUE max | NO MAXVALUE]
    [START [WITH] start] [RESTART [[WITH] restart]]
    [CACHE cache] [[NO] CYCLE] [OWNED BY {{table.column | NONE}}]
ALTER SEQUENCE [IF EXISTS] name SET {{LOGGED | UNLOGGED}}
ALTER SEQUENCE [IF EXISTS] name {_COMMON_ALTER}"""),
    Topic("ALTER SERVER", "change the definition of a foreign server", "sql-alterserver", f"""\
ALTER SERVER name [VERSION 'version'] {_FDW_OPTIONS}
ALTER SERVER name {{OWNER TO role | RENAME TO new_name}}"""),
    Topic("ALTER STATISTICS", "change the definition of an extended statistics object", "sql-alterstatistics", f"""\
ALTER STATISTICS name {_COMMON_ALTER}
ALTER STATISTICS name SET STATISTICS {{n | DEFAULT}}"""),
    Topic("ALTER SUBSCRIPTION", "change the definition of a subscription", "sql-altersubscription", """\
ALTER SUBSCRIPTION name CONNECTION 'conninfo'
ALTER SUBSCRIPTION name {SET | ADD | DROP} PUBLICATION publication, ... [WITH (option [= value], ...)]
ALTER SUBSCRIPTION name REFRESH PUBLICATION [WITH (option [= value], ...)]
ALTER SUBSCRIPTION name {ENABLE | DISABLE}
ALTER SUBSCRIPTION name SET (parameter [= value], ...)
ALTER SUBSCRIPTION name SKIP (lsn = value)
ALTER SUBSCRIPTION name {OWNER TO role | RENAME TO new_name}"""),
    Topic("ALTER SYSTEM", "change a server configuration parameter", "sql-altersystem", """\
ALTER SYSTEM SET parameter {TO | =} {value, ... | DEFAULT}
ALTER SYSTEM RESET {parameter | ALL}"""),
    Topic("ALTER TABLE", "change the definition of a table", "sql-altertable", _ALTER_TABLE),
    Topic("ALTER TABLESPACE", "change the definition of a tablespace", "sql-altertablespace", """\
ALTER TABLESPACE name {RENAME TO new_name | OWNER TO role}
ALTER TABLESPACE name {SET (option = value, ...) | RESET (option, ...)}"""),
    Topic("ALTER TEXT SEARCH CONFIGURATION", "change the definition of a text search configuration",
          "sql-altertsconfig", f"""\
ALTER TEXT SEARCH CONFIGURATION name {{ADD | ALTER}} MAPPING FOR token_type, ... WITH dictionary, ...
ALTER TEXT SEARCH CONFIGURATION name ALTER MAPPING [FOR token_type, ...] REPLACE old_dictionary WITH new_dictionary
ALTER TEXT SEARCH CONFIGURATION name DROP MAPPING [IF EXISTS] FOR token_type, ...
{_alter_ts("CONFIGURATION")}"""),
    Topic("ALTER TEXT SEARCH DICTIONARY", "change the definition of a text search dictionary",
          "sql-altertsdictionary", f"""\
ALTER TEXT SEARCH DICTIONARY name (option [= value], ...)
{_alter_ts("DICTIONARY")}"""),
    Topic("ALTER TEXT SEARCH PARSER", "change the definition of a text search parser", "sql-altertsparser",
          _alter_ts("PARSER", owner=False)),
    Topic("ALTER TEXT SEARCH TEMPLATE", "change the definition of a text search template", "sql-altertstemplate",
          _alter_ts("TEMPLATE", owner=False)),
    Topic("ALTER TRIGGER", "change the definition of a trigger", "sql-altertrigger", """\
ALTER TRIGGER name ON table RENAME TO new_name
ALTER TRIGGER name ON table [NO] DEPENDS ON EXTENSION extension"""),
    Topic("ALTER TYPE", "change the definition of a type", "sql-altertype", f"""\
ALTER TYPE name {_COMMON_ALTER}
ALTER TYPE name RENAME ATTRIBUTE attribute TO new_attribute [CASCADE | RESTRICT]
ALTER TYPE name action, ...
ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'label' [{{BEFORE | AFTER}} 'neighbor']
ALTER TYPE name RENAME VALUE 'label' TO 'new_label'
ALTER TYPE name SET (property = value, ...)

action:
    ADD ATTRIBUTE attribute type [COLLATE collation] [CASCADE | RESTRICT]
    DROP ATTRIBUTE [IF EXISTS] attribute [CASCADE | RESTRICT]
    ALTER ATTRIBUTE attribute [SET DATA] TYPE type [COLLATE collation] [CASCADE | RESTRICT]"""),
    Topic("ALTER USER", "change a database role", "sql-alteruser", """\
ALTER USER role [WITH] option ...
ALTER USER name RENAME TO new_name
ALTER USER {role | ALL} [IN DATABASE database] SET parameter {{TO | =} {value | DEFAULT} | FROM CURRENT}
ALTER USER {role | ALL} [IN DATABASE database] RESET {parameter | ALL}

option:
    as for ALTER ROLE"""),
    Topic("ALTER USER MAPPING", "change the definition of a user mapping", "sql-alterusermapping",
          f"ALTER USER MAPPING FOR {_MAPPED_USER}\n    SERVER server {_FDW_OPTIONS[1:-1]}"),
    Topic("ALTER VIEW", "change the definition of a view", "sql-alterview", f"""\
ALTER VIEW [IF EXISTS] name ALTER [COLUMN] column {{SET DEFAULT expression | DROP DEFAULT}}
ALTER VIEW [IF EXISTS] name RENAME [COLUMN] column TO new_column
ALTER VIEW [IF EXISTS] name {_COMMON_ALTER}
ALTER VIEW [IF EXISTS] name {{SET (option [= value], ...) | RESET (option, ...)}}"""),
    Topic("ANALYZE", "collect statistics about a database", "sql-analyze", """\
ANALYZE [(option, ...)] [[ONLY] table [*] [(column, ...)], ...]

option:
    VERBOSE [bool] | SKIP_LOCKED [bool] | BUFFER_USAGE_LIMIT size"""),
    Topic("BEGIN", "start a transaction block", "sql-begin",
          f"BEGIN [WORK | TRANSACTION] [mode, ...]\n\n{_TRANSACTION_MODE}"),
    Topic("CALL", "invoke a procedure", "sql-call", "CALL name ([argument, ...])"),
    Topic("CHECKPOINT", "force a write-ahead log checkpoint", "sql-checkpoint", "CHECKPOINT"),
    Topic("CLOSE", "close a cursor", "sql-close", "CLOSE {cursor | ALL}"),
    Topic("CLUSTER", "cluster a table according to an index", "sql-cluster",
          "CLUSTER [(VERBOSE [bool])] [table [USING index]]"),
    Topic("COMMENT", "define or change the comment of an object", "sql-comment", """\
COMMENT ON kind object IS {'text' | NULL}

kind object:
    any kind of object and its name: TABLE t, COLUMN t.c, FUNCTION f (argtype, ...),
    CONSTRAINT c ON t, INDEX i, SCHEMA s, ROLE r, TRIGGER tr ON t, TYPE t, VIEW v, ..."""),
    Topic("COMMIT", "commit the current transaction", "sql-commit",
          "COMMIT [WORK | TRANSACTION] [AND [NO] CHAIN]"),
    Topic("COMMIT PREPARED", "commit a transaction that was earlier prepared for two-phase commit",
          "sql-commit-prepared", "COMMIT PREPARED 'transaction_id'"),
    Topic("COPY", "copy data between a file and a table", "sql-copy", """\
COPY table [(column, ...)] FROM {'file' | PROGRAM 'command' | STDIN}
    [[WITH] (option, ...)] [WHERE condition]
COPY {table [(column, ...)] | (query)} TO {'file' | PROGRAM 'command' | STDOUT}
    [[WITH] (option, ...)]

option:
    FORMAT {text | csv | binary} | FREEZE [bool] | DELIMITER 'c' | NULL 'text' | DEFAULT 'text'
    HEADER [bool | MATCH] | QUOTE 'c' | ESCAPE 'c' | ENCODING 'name'
    FORCE_QUOTE {(column, ...) | *} | FORCE_NOT_NULL {(column, ...) | *} | FORCE_NULL {(column, ...) | *}
    ON_ERROR {stop | ignore} | REJECT_LIMIT n | LOG_VERBOSITY {default | verbose | silent}"""),
    Topic("CREATE ACCESS METHOD", "define a new access method", "sql-create-access-method",
          "CREATE ACCESS METHOD name TYPE {TABLE | INDEX} HANDLER function"),
    Topic("CREATE AGGREGATE", "define a new aggregate function", "sql-createaggregate", f"""\
CREATE [OR REPLACE] AGGREGATE name (signature) (
    SFUNC = state_function, STYPE = state_type [, property = value ...])

{_AGGREGATE_ARGS}
property:
    SSPACE | FINALFUNC | FINALFUNC_EXTRA | FINALFUNC_MODIFY | COMBINEFUNC | SERIALFUNC | DESERIALFUNC
    INITCOND | MSFUNC | MINVFUNC | MSTYPE | MSSPACE | MFINALFUNC | MFINALFUNC_EXTRA | MFINALFUNC_MODIFY
    MINITCOND | SORTOP | PARALLEL | HYPOTHETICAL"""),
    Topic("CREATE CAST", "define a new cast", "sql-createcast", """\
CREATE CAST (source_type AS target_type)
    {WITH FUNCTION function [(argtype, ...)] | WITHOUT FUNCTION | WITH INOUT}
    [AS ASSIGNMENT | AS IMPLICIT]"""),
    Topic("CREATE COLLATION", "define a new collation", "sql-createcollation", """\
CREATE COLLATION [IF NOT EXISTS] name (property = value, ...)
CREATE COLLATION [IF NOT EXISTS] name FROM existing_collation

property:
    LOCALE | LC_COLLATE | LC_CTYPE | PROVIDER | DETERMINISTIC | RULES | VERSION"""),
    Topic("CREATE CONVERSION", "define a new encoding conversion", "sql-createconversion",
          "CREATE [DEFAULT] CONVERSION name FOR 'source_encoding' TO 'target_encoding' FROM function"),
    Topic("CREATE DATABASE", "create a new database", "sql-createdatabase", """\
CREATE DATABASE name [[WITH] option [=] value ...]

option:
    OWNER | TEMPLATE | ENCODING | STRATEGY | LOCALE | LC_COLLATE | LC_CTYPE
    BUILTIN_LOCALE | ICU_LOCALE | ICU_RULES | LOCALE_PROVIDER | COLLATION_VERSION
    TABLESPACE | ALLOW_CONNECTIONS | CONNECTION LIMIT | IS_TEMPLATE | OID"""),
    Topic("CREATE DOMAIN", "define a new domain", "sql-createdomain", """\
CREATE DOMAIN name [AS] type [COLLATE collation] [DEFAULT expression] [constraint ...]

constraint:
    [CONSTRAINT name] {NOT NULL | NULL | CHECK (expression)}"""),
    Topic("CREATE EVENT TRIGGER", "define a new event trigger", "sql-createeventtrigger", """\
CREATE EVENT TRIGGER name ON event
    [WHEN filter IN ('value', ...) [AND ...]]
    EXECUTE {FUNCTION | PROCEDURE} function ()"""),
    Topic("CREATE EXTENSION", "install an extension", "sql-createextension",
          "CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA schema] [VERSION version] [CASCADE]"),
    Topic("CREATE FOREIGN DATA WRAPPER", "define a new foreign-data wrapper", "sql-createforeigndatawrapper", """\
CREATE FOREIGN DATA WRAPPER name
    [HANDLER function | NO HANDLER] [VALIDATOR function | NO VALIDATOR]
    [OPTIONS (option 'value', ...)]"""),
    Topic("CREATE FOREIGN TABLE", "define a new foreign table", "sql-createforeigntable", """\
CREATE FOREIGN TABLE [IF NOT EXISTS] name (
    [{column type [OPTIONS (option 'value', ...)] [COLLATE collation] [column_constraint ...]
      | table_constraint | LIKE source [like_option ...]}, ...])
    [INHERITS (parent, ...)]
    SERVER server [OPTIONS (option 'value', ...)]
CREATE FOREIGN TABLE [IF NOT EXISTS] name PARTITION OF parent [(...)] {FOR VALUES bound | DEFAULT}
    SERVER server [OPTIONS (option 'value', ...)]

(column_constraint, table_constraint and bound as in CREATE TABLE)"""),
    Topic("CREATE FUNCTION", "define a new function", "sql-createfunction", """\
CREATE [OR REPLACE] FUNCTION name ([[argmode] [argname] argtype [{DEFAULT | =} default], ...])
    [RETURNS type | RETURNS TABLE (column type, ...)]
    {LANGUAGE language | TRANSFORM {FOR TYPE type}, ... | WINDOW
     | IMMUTABLE | STABLE | VOLATILE | [NOT] LEAKPROOF
     | CALLED ON NULL INPUT | RETURNS NULL ON NULL INPUT | STRICT
     | [EXTERNAL] SECURITY {INVOKER | DEFINER} | PARALLEL {UNSAFE | RESTRICTED | SAFE}
     | COST cost | ROWS rows | SUPPORT function
     | SET parameter {TO value | = value | FROM CURRENT}
     | AS 'definition' | AS 'object_file', 'link_symbol' | body} ...

body:
    RETURN expression | BEGIN ATOMIC statement; ... END"""),
    Topic("CREATE GROUP", "define a new database role", "sql-creategroup",
          "CREATE GROUP name [[WITH] option ...]\n\noption:\n    as for CREATE ROLE"),
    Topic("CREATE INDEX", "define a new index", "sql-createindex", """\
CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table [USING method]
    ({column | (expression)} [COLLATE collation] [opclass [(parameter = value, ...)]]
     [ASC | DESC] [NULLS {FIRST | LAST}], ...)
    [INCLUDE (column, ...)] [NULLS [NOT] DISTINCT]
    [WITH (parameter [= value], ...)] [TABLESPACE tablespace] [WHERE predicate]"""),
    Topic("CREATE LANGUAGE", "define a new procedural language", "sql-createlanguage", """\
CREATE [OR REPLACE] [TRUSTED] [PROCEDURAL] LANGUAGE name
    HANDLER call_handler [INLINE inline_handler] [VALIDATOR validator]
CREATE [OR REPLACE] [TRUSTED] [PROCEDURAL] LANGUAGE name"""),
    Topic("CREATE MATERIALIZED VIEW", "define a new materialized view", "sql-creatematerializedview", """\
CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(column, ...)]
    [USING method] [WITH (parameter [= value], ...)] [TABLESPACE tablespace]
    AS query [WITH [NO] DATA]"""),
    Topic("CREATE OPERATOR", "define a new operator", "sql-createoperator", """\
CREATE OPERATOR name (
    {FUNCTION | PROCEDURE} = function [, LEFTARG = left_type] [, RIGHTARG = right_type]
    [, COMMUTATOR = operator] [, NEGATOR = operator] [, RESTRICT = function] [, JOIN = function]
    [, HASHES] [, MERGES])"""),
    Topic("CREATE OPERATOR CLASS", "define a new operator class", "sql-createopclass", """\
CREATE OPERATOR CLASS name [DEFAULT] FOR TYPE type USING index_method [FAMILY family] AS
    {OPERATOR strategy operator [(left_type, right_type)] [FOR SEARCH | FOR ORDER BY sort_family]
     | FUNCTION support [(left_type [, right_type])] function (argtype, ...)
     | STORAGE storage_type}, ..."""),
    Topic("CREATE OPERATOR FAMILY", "define a new operator family", "sql-createopfamily",
          "CREATE OPERATOR FAMILY name USING index_method"),
    Topic("CREATE POLICY", "define a new row-level security policy for a table", "sql-createpolicy", """\
CREATE POLICY name ON table [AS {PERMISSIVE | RESTRICTIVE}]
    [FOR {ALL | SELECT | INSERT | UPDATE | DELETE}] [TO role, ...]
    [USING (expression)] [WITH CHECK (expression)]"""),
    Topic("CREATE PROCEDURE", "define a new procedure", "sql-createprocedure", """\
CREATE [OR REPLACE] PROCEDURE name ([[argmode] [argname] argtype [{DEFAULT | =} default], ...])
    {LANGUAGE language | TRANSFORM {FOR TYPE type}, ... | [EXTERNAL] SECURITY {INVOKER | DEFINER}
     | SET parameter {TO value | = value | FROM CURRENT}
     | AS 'definition' | AS 'object_file', 'link_symbol' | BEGIN ATOMIC statement; ... END} ..."""),
    Topic("CREATE PUBLICATION", "define a new publication", "sql-createpublication", """\
CREATE PUBLICATION name [FOR ALL TABLES | FOR object, ...] [WITH (parameter [= value], ...)]

object:
    TABLE [ONLY] table [*] [(column, ...)] [WHERE (expression)]
    TABLES IN SCHEMA {schema | CURRENT_SCHEMA}"""),
    Topic("CREATE ROLE", "define a new database role", "sql-createrole", f"""\
CREATE ROLE name [[WITH] option ...]

{_ROLE_OPTIONS}
    IN ROLE role, ... | ROLE role, ... | ADMIN role, ... | SYSID uid"""),
    Topic("CREATE RULE", "define a new rewrite rule", "sql-createrule", """\
CREATE [OR REPLACE] RULE name AS ON {SELECT | INSERT | UPDATE | DELETE} TO table
    [WHERE condition]
    DO [ALSO | INSTEAD] {NOTHING | command | (command; command ...)}"""),
    Topic("CREATE SCHEMA", "define a new schema", "sql-createschema", """\
CREATE SCHEMA name [AUTHORIZATION role] [element ...]
CREATE SCHEMA AUTHORIZATION role [element ...]
CREATE SCHEMA IF NOT EXISTS {name [AUTHORIZATION role] | AUTHORIZATION role}

element:
    a CREATE TABLE, VIEW, INDEX, SEQUENCE, TRIGGER or a GRANT, run inside the new schema"""),
    Topic("CREATE SEQUENCE", "define a new sequence generator", "sql-createsequence", """\
CREATE [{TEMPORARY | TEMP} | UNLOGGED] SEQUENCE [IF NOT EXISTS] name
    [AS type] [INCREMENT [BY] n]
    [MINVALUE min | NO MINVALUE] [MAXVALUE max | NO MAXVALUE]
    [START [WITH] start] [CACHE cache] [[NO] CYCLE]
    [OWNED BY {table.column | NONE}]"""),
    Topic("CREATE SERVER", "define a new foreign server", "sql-createserver", """\
CREATE SERVER [IF NOT EXISTS] name [TYPE 'type'] [VERSION 'version']
    FOREIGN DATA WRAPPER fdw [OPTIONS (option 'value', ...)]"""),
    Topic("CREATE STATISTICS", "define extended statistics", "sql-createstatistics", """\
CREATE STATISTICS [[IF NOT EXISTS] name] ON (expression) FROM table
CREATE STATISTICS [[IF NOT EXISTS] name] [({ndistinct | dependencies | mcv}, ...)]
    ON {column | (expression)}, {column | (expression)} [, ...] FROM table"""),
    Topic("CREATE SUBSCRIPTION", "define a new subscription", "sql-createsubscription", """\
CREATE SUBSCRIPTION name CONNECTION 'conninfo' PUBLICATION publication, ...
    [WITH (parameter [= value], ...)]"""),
    Topic("CREATE TABLE", "define a new table", "sql-createtable", _CREATE_TABLE),
    Topic("CREATE TABLE AS", "define a new table from the results of a query", "sql-createtableas", """\
CREATE [[GLOBAL | LOCAL] {TEMPORARY | TEMP} | UNLOGGED] TABLE [IF NOT EXISTS] name [(column, ...)]
    [USING method] [WITH (parameter [= value], ...) | WITHOUT OIDS]
    [ON COMMIT {PRESERVE ROWS | DELETE ROWS | DROP}] [TABLESPACE tablespace]
    AS query [WITH [NO] DATA]"""),
    Topic("CREATE TABLESPACE", "define a new tablespace", "sql-createtablespace",
          "CREATE TABLESPACE name [OWNER role] LOCATION 'directory' [WITH (option = value, ...)]"),
    Topic("CREATE TEXT SEARCH CONFIGURATION", "define a new text search configuration", "sql-createtsconfig",
          "CREATE TEXT SEARCH CONFIGURATION name ({PARSER = parser | COPY = source_configuration})"),
    Topic("CREATE TEXT SEARCH DICTIONARY", "define a new text search dictionary", "sql-createtsdictionary",
          "CREATE TEXT SEARCH DICTIONARY name (TEMPLATE = template [, option = value ...])"),
    Topic("CREATE TEXT SEARCH PARSER", "define a new text search parser", "sql-createtsparser", """\
CREATE TEXT SEARCH PARSER name (
    START = function, GETTOKEN = function, END = function, LEXTYPES = function [, HEADLINE = function])"""),
    Topic("CREATE TEXT SEARCH TEMPLATE", "define a new text search template", "sql-createtstemplate",
          "CREATE TEXT SEARCH TEMPLATE name ([INIT = function,] LEXIZE = function)"),
    Topic("CREATE TRANSFORM", "define a new transform", "sql-createtransform", """\
CREATE [OR REPLACE] TRANSFORM FOR type LANGUAGE language (
    {FROM SQL | TO SQL} WITH FUNCTION function [(argtype, ...)] [, ...])"""),
    Topic("CREATE TRIGGER", "define a new trigger", "sql-createtrigger", """\
CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name {BEFORE | AFTER | INSTEAD OF} event [OR ...]
    ON table [FROM referenced_table]
    [[NOT] DEFERRABLE] [INITIALLY {IMMEDIATE | DEFERRED}]
    [REFERENCING {OLD | NEW} TABLE [AS] name ...]
    [FOR [EACH] {ROW | STATEMENT}] [WHEN (condition)]
    EXECUTE {FUNCTION | PROCEDURE} function (argument, ...)

event:
    INSERT | UPDATE [OF column, ...] | DELETE | TRUNCATE"""),
    Topic("CREATE TYPE", "define a new data type", "sql-createtype", """\
CREATE TYPE name AS ([attribute type [COLLATE collation], ...])
CREATE TYPE name AS ENUM (['label', ...])
CREATE TYPE name AS RANGE (SUBTYPE = subtype [, property = value ...])
CREATE TYPE name (INPUT = function, OUTPUT = function [, property = value ...])
CREATE TYPE name"""),
    Topic("CREATE USER", "define a new database role", "sql-createuser",
          "CREATE USER name [[WITH] option ...]\n\noption:\n    as for CREATE ROLE (LOGIN is the default)"),
    Topic("CREATE USER MAPPING", "define a new mapping of a user to a foreign server", "sql-createusermapping",
          f"CREATE USER MAPPING [IF NOT EXISTS] FOR {_MAPPED_USER}\n    SERVER server [OPTIONS (option 'value', ...)]"),
    Topic("CREATE VIEW", "define a new view", "sql-createview", """\
CREATE [OR REPLACE] [TEMP | TEMPORARY] [RECURSIVE] VIEW name [(column, ...)]
    [WITH (option [= value], ...)]
    AS query [WITH [CASCADED | LOCAL] CHECK OPTION]"""),
    Topic("DEALLOCATE", "deallocate a prepared statement", "sql-deallocate", "DEALLOCATE [PREPARE] {name | ALL}"),
    Topic("DECLARE", "define a cursor", "sql-declare", """\
DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL]
    CURSOR [{WITH | WITHOUT} HOLD] FOR query"""),
    Topic("DELETE", "delete rows of a table", "sql-delete", f"""\
{_WITH}
DELETE FROM [ONLY] table [*] [[AS] alias]
    [USING from_item, ...]
    [WHERE condition | WHERE CURRENT OF cursor]
    {_RETURNING}"""),
    Topic("DISCARD", "discard session state", "sql-discard", "DISCARD {ALL | PLANS | SEQUENCES | TEMPORARY | TEMP}"),
    Topic("DO", "execute an anonymous code block", "sql-do", "DO [LANGUAGE language] code"),
    Topic("DROP ACCESS METHOD", "remove an access method", "sql-drop-access-method",
          _drop("ACCESS METHOD", several=False)),
    Topic("DROP AGGREGATE", "remove an aggregate function", "sql-dropaggregate",
          f"DROP AGGREGATE [IF EXISTS] name (signature), ... [CASCADE | RESTRICT]\n\n{_AGGREGATE_ARGS}"),
    Topic("DROP CAST", "remove a cast", "sql-dropcast",
          "DROP CAST [IF EXISTS] (source_type AS target_type) [CASCADE | RESTRICT]"),
    Topic("DROP COLLATION", "remove a collation", "sql-dropcollation", _drop("COLLATION", several=False)),
    Topic("DROP CONVERSION", "remove a conversion", "sql-dropconversion", _drop("CONVERSION", several=False)),
    Topic("DROP DATABASE", "remove a database", "sql-dropdatabase",
          "DROP DATABASE [IF EXISTS] name [[WITH] (FORCE)]"),
    Topic("DROP DOMAIN", "remove a domain", "sql-dropdomain", _drop("DOMAIN")),
    Topic("DROP EVENT TRIGGER", "remove an event trigger", "sql-dropeventtrigger",
          _drop("EVENT TRIGGER", several=False)),
    Topic("DROP EXTENSION", "remove an extension", "sql-dropextension", _drop("EXTENSION")),
    Topic("DROP FOREIGN DATA WRAPPER", "remove a foreign-data wrapper", "sql-dropforeigndatawrapper",
          _drop("FOREIGN DATA WRAPPER")),
    Topic("DROP FOREIGN TABLE", "remove a foreign table", "sql-dropforeigntable", _drop("FOREIGN TABLE")),
    Topic("DROP FUNCTION", "remove a function", "sql-dropfunction", _drop_routine("FUNCTION")),
    Topic("DROP GROUP", "remove a database role", "sql-dropgroup", _drop("GROUP", cascade=False)),
    Topic("DROP INDEX", "remove an index", "sql-dropindex",
          "DROP INDEX [CONCURRENTLY] [IF EXISTS] name, ... [CASCADE | RESTRICT]"),
    Topic("DROP LANGUAGE", "remove a procedural language", "sql-droplanguage",
          "DROP [PROCEDURAL] LANGUAGE [IF EXISTS] name [CASCADE | RESTRICT]"),
    Topic("DROP MATERIALIZED VIEW", "remove a materialized view", "sql-dropmaterializedview",
          _drop("MATERIALIZED VIEW")),
    Topic("DROP OPERATOR", "remove an operator", "sql-dropoperator",
          "DROP OPERATOR [IF EXISTS] name ({left_type | NONE}, right_type), ... [CASCADE | RESTRICT]"),
    Topic("DROP OPERATOR CLASS", "remove an operator class", "sql-dropopclass",
          "DROP OPERATOR CLASS [IF EXISTS] name USING index_method [CASCADE | RESTRICT]"),
    Topic("DROP OPERATOR FAMILY", "remove an operator family", "sql-dropopfamily",
          "DROP OPERATOR FAMILY [IF EXISTS] name USING index_method [CASCADE | RESTRICT]"),
    Topic("DROP OWNED", "remove database objects owned by a database role", "sql-drop-owned",
          "DROP OWNED BY {role | CURRENT_ROLE | CURRENT_USER | SESSION_USER}, ... [CASCADE | RESTRICT]"),
    Topic("DROP POLICY", "remove a row-level security policy from a table", "sql-droppolicy",
          "DROP POLICY [IF EXISTS] name ON table [CASCADE | RESTRICT]"),
    Topic("DROP PROCEDURE", "remove a procedure", "sql-dropprocedure", _drop_routine("PROCEDURE")),
    Topic("DROP PUBLICATION", "remove a publication", "sql-droppublication", _drop("PUBLICATION")),
    Topic("DROP ROLE", "remove a database role", "sql-droprole", _drop("ROLE", cascade=False)),
    Topic("DROP ROUTINE", "remove a routine", "sql-droproutine", _drop_routine("ROUTINE")),
    Topic("DROP RULE", "remove a rewrite rule", "sql-droprule",
          "DROP RULE [IF EXISTS] name ON table [CASCADE | RESTRICT]"),
    Topic("DROP SCHEMA", "remove a schema", "sql-dropschema", _drop("SCHEMA")),
    Topic("DROP SEQUENCE", "remove a sequence", "sql-dropsequence", _drop("SEQUENCE")),
    Topic("DROP SERVER", "remove a foreign server descriptor", "sql-dropserver", _drop("SERVER")),
    Topic("DROP STATISTICS", "remove extended statistics", "sql-dropstatistics", _drop("STATISTICS")),
    Topic("DROP SUBSCRIPTION", "remove a subscription", "sql-dropsubscription", _drop("SUBSCRIPTION", several=False)),
    Topic("DROP TABLE", "remove a table", "sql-droptable", _drop("TABLE")),
    Topic("DROP TABLESPACE", "remove a tablespace", "sql-droptablespace",
          _drop("TABLESPACE", several=False, cascade=False)),
    Topic("DROP TEXT SEARCH CONFIGURATION", "remove a text search configuration", "sql-droptsconfig",
          _drop("TEXT SEARCH CONFIGURATION", several=False)),
    Topic("DROP TEXT SEARCH DICTIONARY", "remove a text search dictionary", "sql-droptsdictionary",
          _drop("TEXT SEARCH DICTIONARY", several=False)),
    Topic("DROP TEXT SEARCH PARSER", "remove a text search parser", "sql-droptsparser",
          _drop("TEXT SEARCH PARSER", several=False)),
    Topic("DROP TEXT SEARCH TEMPLATE", "remove a text search template", "sql-droptstemplate",
          _drop("TEXT SEARCH TEMPLATE", several=False)),
    Topic("DROP TRANSFORM", "remove a transform", "sql-droptransform",
          "DROP TRANSFORM [IF EXISTS] FOR type LANGUAGE language [CASCADE | RESTRICT]"),
    Topic("DROP TRIGGER", "remove a trigger", "sql-droptrigger",
          "DROP TRIGGER [IF EXISTS] name ON table [CASCADE | RESTRICT]"),
    Topic("DROP TYPE", "remove a data type", "sql-droptype", _drop("TYPE")),
    Topic("DROP USER", "remove a database role", "sql-dropuser", _drop("USER", cascade=False)),
    Topic("DROP USER MAPPING", "remove a user mapping for a foreign server", "sql-dropusermapping",
          f"DROP USER MAPPING [IF EXISTS] FOR {_MAPPED_USER} SERVER server"),
    Topic("DROP VIEW", "remove a view", "sql-dropview", _drop("VIEW")),
    Topic("END", "commit the current transaction", "sql-end", "END [WORK | TRANSACTION] [AND [NO] CHAIN]"),
    Topic("EXECUTE", "execute a prepared statement", "sql-execute", "EXECUTE name [(argument, ...)]"),
    Topic("EXPLAIN", "show the execution plan of a statement", "sql-explain", """\
EXPLAIN [(option, ...)] statement

option (each switch takes an optional boolean):
    ANALYZE | VERBOSE | COSTS | SETTINGS | GENERIC_PLAN | BUFFERS | WAL | TIMING | SUMMARY | MEMORY
    SERIALIZE [{NONE | TEXT | BINARY}] | FORMAT {TEXT | XML | JSON | YAML}"""),
    Topic("FETCH", "retrieve rows from a query using a cursor", "sql-fetch",
          f"FETCH [direction] [FROM | IN] cursor\n\n{_CURSOR_DIRECTION}"),
    Topic("GRANT", "define access privileges", "sql-grant", f"""\
GRANT {{privilege [(column, ...)], ... | ALL [PRIVILEGES]}} ON objects
    TO grantee, ... [WITH GRANT OPTION] [GRANTED BY role]
GRANT role, ... TO grantee, ... [WITH {{ADMIN | INHERIT | SET}} {{OPTION | TRUE | FALSE}}] [GRANTED BY role]

{_GRANT_TARGETS}"""),
    Topic("IMPORT FOREIGN SCHEMA", "import table definitions from a foreign server", "sql-importforeignschema", """\
IMPORT FOREIGN SCHEMA remote_schema [{LIMIT TO | EXCEPT} (table, ...)]
    FROM SERVER server INTO local_schema [OPTIONS (option 'value', ...)]"""),
    Topic("INSERT", "create new rows in a table", "sql-insert", f"""\
{_WITH}
INSERT INTO table [AS alias] [(column, ...)]
    [OVERRIDING {{SYSTEM | USER}} VALUE]
    {{DEFAULT VALUES | VALUES ({{expression | DEFAULT}}, ...), ... | query}}
    [ON CONFLICT [target] {{DO NOTHING | DO UPDATE SET column = {{expression | DEFAULT}}, ... [WHERE condition]}}]
    {_RETURNING}

target:
    ({{column | (expression)}} [COLLATE collation] [opclass], ...) [WHERE predicate]
    ON CONSTRAINT constraint"""),
    Topic("LISTEN", "listen for a notification", "sql-listen", "LISTEN channel"),
    Topic("LOAD", "load a shared library file", "sql-load", "LOAD 'file'"),
    Topic("LOCK", "lock a table", "sql-lock", """\
LOCK [TABLE] [ONLY] name [*], ... [IN mode MODE] [NOWAIT]

mode:
    ACCESS SHARE | ROW SHARE | ROW EXCLUSIVE | SHARE UPDATE EXCLUSIVE | SHARE
    SHARE ROW EXCLUSIVE | EXCLUSIVE | ACCESS EXCLUSIVE"""),
    Topic("MERGE", "conditionally insert, update, or delete rows of a table", "sql-merge", f"""\
{_WITH}
MERGE INTO [ONLY] target [*] [[AS] alias]
    USING source ON condition
    when ...
    {_RETURNING}

when:
    WHEN MATCHED [AND condition] THEN {{UPDATE SET ... | DELETE | DO NOTHING}}
    WHEN NOT MATCHED BY SOURCE [AND condition] THEN {{UPDATE SET ... | DELETE | DO NOTHING}}
    WHEN NOT MATCHED [BY TARGET] [AND condition] THEN
        {{INSERT [(column, ...)] [OVERRIDING {{SYSTEM | USER}} VALUE] {{VALUES (...) | DEFAULT VALUES}}
         | DO NOTHING}}"""),
    Topic("MOVE", "position a cursor", "sql-move",
          f"MOVE [direction] [FROM | IN] cursor\n\n{_CURSOR_DIRECTION}"),
    Topic("NOTIFY", "generate a notification", "sql-notify", "NOTIFY channel [, 'payload']"),
    Topic("PREPARE", "prepare a statement for execution", "sql-prepare",
          "PREPARE name [(type, ...)] AS statement"),
    Topic("PREPARE TRANSACTION", "prepare the current transaction for two-phase commit", "sql-prepare-transaction",
          "PREPARE TRANSACTION 'transaction_id'"),
    Topic("REASSIGN OWNED", "change the ownership of database objects owned by a database role",
          "sql-reassign-owned", "REASSIGN OWNED BY role, ... TO new_role\n\n"
          "role:\n    role_name | CURRENT_ROLE | CURRENT_USER | SESSION_USER"),
    Topic("REFRESH MATERIALIZED VIEW", "replace the contents of a materialized view", "sql-refreshmaterializedview",
          "REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]"),
    Topic("REINDEX", "rebuild indexes", "sql-reindex", """\
REINDEX [(option, ...)] {INDEX | TABLE | SCHEMA} [CONCURRENTLY] name
REINDEX [(option, ...)] {DATABASE | SYSTEM} [CONCURRENTLY] [name]

option:
    CONCURRENTLY [bool] | TABLESPACE tablespace | VERBOSE [bool]"""),
    Topic("RELEASE SAVEPOINT", "release a previously defined savepoint", "sql-release-savepoint",
          "RELEASE [SAVEPOINT] name"),
    Topic("RESET", "restore the value of a run-time parameter to the default value", "sql-reset",
          "RESET {parameter | ALL}"),
    Topic("REVOKE", "remove access privileges", "sql-revoke", f"""\
REVOKE [GRANT OPTION FOR] {{privilege [(column, ...)], ... | ALL [PRIVILEGES]}} ON objects
    FROM grantee, ... [GRANTED BY role] [CASCADE | RESTRICT]
REVOKE [{{ADMIN | INHERIT | SET}} OPTION FOR] role, ... FROM grantee, ...
    [GRANTED BY role] [CASCADE | RESTRICT]

{_GRANT_TARGETS}"""),
    Topic("ROLLBACK", "abort the current transaction", "sql-rollback",
          "ROLLBACK [WORK | TRANSACTION] [AND [NO] CHAIN]"),
    Topic("ROLLBACK PREPARED", "cancel a transaction that was earlier prepared for two-phase commit",
          "sql-rollback-prepared", "ROLLBACK PREPARED 'transaction_id'"),
    Topic("ROLLBACK TO SAVEPOINT", "roll back to a savepoint", "sql-rollback-to",
          "ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name"),
    Topic("SAVEPOINT", "define a new savepoint within the current transaction", "sql-savepoint", "SAVEPOINT name"),
    Topic("SECURITY LABEL", "define or change a security label applied to an object", "sql-security-label", """\
SECURITY LABEL [FOR provider] ON kind object IS {'label' | NULL}

kind object:
    TABLE t | COLUMN t.c | AGGREGATE a (signature) | DATABASE d | DOMAIN d | EVENT TRIGGER e
    FOREIGN TABLE t | {FUNCTION | PROCEDURE | ROUTINE} f [(argtype, ...)] | LARGE OBJECT oid
    MATERIALIZED VIEW v | [PROCEDURAL] LANGUAGE l | PUBLICATION p | ROLE r | SCHEMA s
    SEQUENCE s | SUBSCRIPTION s | TABLESPACE t | TYPE t | VIEW v"""),
    Topic("SELECT", "retrieve rows from a table or view", "sql-select", _SELECT),
    Topic("SELECT INTO", "define a new table from the results of a query", "sql-selectinto", f"""\
{_WITH}
SELECT [ALL | DISTINCT [ON (expression, ...)]] {{* | expression [[AS] name]}}, ...
    INTO [TEMPORARY | TEMP | UNLOGGED] [TABLE] new_table
    [FROM from_item, ...] [WHERE condition] [GROUP BY ...] [HAVING condition] [WINDOW ...]
    [{{UNION | INTERSECT | EXCEPT}} ...] [ORDER BY ...] [LIMIT ...] [OFFSET ...] [FETCH ...] [FOR ...]

(each clause as in SELECT)"""),
    Topic("SET", "change a run-time parameter", "sql-set", """\
SET [SESSION | LOCAL] parameter {TO | =} {value, ... | DEFAULT}
SET [SESSION | LOCAL] TIME ZONE {value | LOCAL | DEFAULT}"""),
    Topic("SET CONSTRAINTS", "set constraint check timing for the current transaction", "sql-set-constraints",
          "SET CONSTRAINTS {ALL | name, ...} {DEFERRED | IMMEDIATE}"),
    Topic("SET ROLE", "set the current user identifier of the current session", "sql-set-role",
          "SET [SESSION | LOCAL] ROLE {role | NONE}\nRESET ROLE"),
    Topic("SET SESSION AUTHORIZATION",
          "set the session user identifier and the current user identifier of the current session",
          "sql-set-session-authorization",
          "SET [SESSION | LOCAL] SESSION AUTHORIZATION {user | DEFAULT}\nRESET SESSION AUTHORIZATION"),
    Topic("SET TRANSACTION", "set the characteristics of the current transaction", "sql-set-transaction", f"""\
SET TRANSACTION mode, ...
SET TRANSACTION SNAPSHOT 'snapshot_id'
SET SESSION CHARACTERISTICS AS TRANSACTION mode, ...

{_TRANSACTION_MODE}"""),
    Topic("SHOW", "show the value of a run-time parameter", "sql-show", "SHOW {parameter | ALL}"),
    Topic("START TRANSACTION", "start a transaction block", "sql-start-transaction",
          f"START TRANSACTION [mode, ...]\n\n{_TRANSACTION_MODE}"),
    Topic("TABLE", "retrieve rows from a table or view", "sql-select", _SELECT),
    Topic("TRUNCATE", "empty a table or set of tables", "sql-truncate", """\
TRUNCATE [TABLE] [ONLY] name [*], ... [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]"""),
    Topic("UNLISTEN", "stop listening for a notification", "sql-unlisten", "UNLISTEN {channel | *}"),
    Topic("UPDATE", "update rows of a table", "sql-update", f"""\
{_WITH}
UPDATE [ONLY] table [*] [[AS] alias]
    SET {{column = {{expression | DEFAULT}}
         | (column, ...) = [ROW] ({{expression | DEFAULT}}, ...)
         | (column, ...) = (subquery)}}, ...
    [FROM from_item, ...]
    [WHERE condition | WHERE CURRENT OF cursor]
    {_RETURNING}"""),
    Topic("VACUUM", "garbage-collect and optionally analyze a database", "sql-vacuum",
          f"VACUUM [(option, ...)] [[ONLY] table [*] [(column, ...)], ...]\n\n{_VACUUM_OPTIONS}"),
    Topic("VALUES", "compute a set of rows", "sql-values", """\
VALUES (expression, ...), ...
    [ORDER BY expression [ASC | DESC | USING operator], ...]
    [LIMIT {count | ALL}] [OFFSET start [ROW | ROWS]]
    [FETCH {FIRST | NEXT} [count] {ROW | ROWS} ONLY]"""),
    Topic("WITH", "retrieve rows from a table or view", "sql-select", _SELECT),
)
