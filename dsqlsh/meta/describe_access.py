"""psql's access-method commands: \\dA (access methods), \\dAc, \\dAf, \\dAo and \\dAp (operator classes,
operator families, and the operators and support functions of operator families).

Each builds the SQL psql 18 builds (describe.c's describeAccessMethods, listOperatorClasses,
listOperatorFamilies, listOpFamilyOperators and listOpFamilyFunctions), so the output is psql's byte for
byte. FACTS.md says nothing of pg_am, pg_opclass, pg_opfamily, pg_amop or pg_amproc on Aurora DSQL, so the
queries are sent there unchanged; a catalog the server lacks shows as the server's own error.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from dsqlsh.meta.describe import GROUP, modifier_flags
from dsqlsh.meta.describe_query import Catalog
from dsqlsh.meta.registry import Call, Result, command

__all__ = ["describe_access_methods", "list_operator_classes", "list_operator_families",
           "list_opfamily_functions", "list_opfamily_operators"]

# The SELECT of each operator-family command names its family the same way (with that query's aliases).
_OPFAMILY_NAME = ("  CASE\n    WHEN pg_catalog.pg_opfamily_is_visible({f}.oid)\n"
                  "    THEN pg_catalog.format('%I', {f}.opfname)\n"
                  "    ELSE pg_catalog.format('%I.%I', {n}.nspname, {f}.opfname)\n"
                  '  END AS "Operator family"')


def _spellings(prefix: str, kind: str, leading: str, letters: str) -> list[str]:
    """The names psql runs as one command: exec_command_d looks only at the letter after \\dA (kind, or one of
    leading when kind is empty) and finds + and x anywhere; registered here with each letter at most once."""
    names = [prefix + kind]
    for n in range(1, len(letters) + 1):
        for order in itertools.permutations(letters, n):
            if kind or order[0] in leading:
                names.append(prefix + kind + "".join(order))
    return names


# psql takes S too (and ignores it), but not straight after \dA: \dAS is an invalid command there.
_MODIFIERS = "+xS"


def _patterns(call: Call) -> tuple[str | None, str | None]:
    """The access-method pattern and, only after one, the second pattern (psql reads no more)."""
    first = call.args.next(semicolon=True)
    second = call.args.next(semicolon=True) if first is not None else None
    return first, second


@command(*_spellings("dA", "", "+x", _MODIFIERS), usage="\\dA[x+]  [PATTERN]", group=GROUP,
         help="list access methods")
def do_access_methods(call: Call) -> Result:
    """\\dA[x+] [PATTERN]."""
    verbose, _, expanded = modifier_flags(call.name)
    pattern = call.args.next(semicolon=True)
    return Result.of(describe_access_methods(Catalog(call.ctx), pattern, verbose=verbose, expanded=expanded))


# psql's \? prints these four usages longer than its 22-column gutter on one line with the text (two spaces
# between); an empty help makes help.py print the usage line as it is.
@command(*_spellings("dA", "c", "", _MODIFIERS), usage="\\dAc[x+] [AMPTRN [TYPEPTRN]]  list operator classes",
         group=GROUP, help="")
def do_operator_classes(call: Call) -> Result:
    """\\dAc[x+] [AMPTRN [TYPEPTRN]]."""
    verbose, _, expanded = modifier_flags(call.name)
    am_pattern, type_pattern = _patterns(call)
    return Result.of(list_operator_classes(Catalog(call.ctx), am_pattern, type_pattern, verbose=verbose,
                                       expanded=expanded))


@command(*_spellings("dA", "f", "", _MODIFIERS), usage="\\dAf[x+] [AMPTRN [TYPEPTRN]]  list operator families",
         group=GROUP, help="")
def do_operator_families(call: Call) -> Result:
    """\\dAf[x+] [AMPTRN [TYPEPTRN]]."""
    verbose, _, expanded = modifier_flags(call.name)
    am_pattern, type_pattern = _patterns(call)
    return Result.of(list_operator_families(Catalog(call.ctx), am_pattern, type_pattern, verbose=verbose,
                                        expanded=expanded))


@command(*_spellings("dA", "o", "", _MODIFIERS),
         usage="\\dAo[x+] [AMPTRN [OPFPTRN]]   list operators of operator families",
         group=GROUP, help="")
def do_opfamily_operators(call: Call) -> Result:
    """\\dAo[x+] [AMPTRN [OPFPTRN]]."""
    verbose, _, expanded = modifier_flags(call.name)
    am_pattern, family_pattern = _patterns(call)
    return Result.of(list_opfamily_operators(Catalog(call.ctx), am_pattern, family_pattern, verbose=verbose,
                                         expanded=expanded))


@command(*_spellings("dA", "p", "", _MODIFIERS),
         usage="\\dAp[x+] [AMPTRN [OPFPTRN]]   list support functions of operator families",
         group=GROUP, help="")
def do_opfamily_functions(call: Call) -> Result:
    """\\dAp[x+] [AMPTRN [OPFPTRN]]."""
    verbose, _, expanded = modifier_flags(call.name)
    am_pattern, family_pattern = _patterns(call)
    return Result.of(list_opfamily_functions(Catalog(call.ctx), am_pattern, family_pattern, verbose=verbose,
                                         expanded=expanded))


# ---- the queries ---------------------------------------------------------------------------------------

def describe_access_methods(catalog: Catalog, pattern: str | None, *, verbose: bool,
                            expanded: str | None = None) -> bool:
    """psql's describeAccessMethods (\\dA)."""
    if catalog.version < 90600:
        version = catalog.version
        catalog.ctx.error(f"The server (version {version // 10000}.{version // 100 % 100}) "
                          "does not support access methods.")
        return True
    sql = ('SELECT amname AS "Name",\n'
           "  CASE amtype WHEN 'i' THEN 'Index' WHEN 't' THEN 'Table' END AS \"Type\"")
    if verbose:
        sql += ',\n  amhandler AS "Handler",\n  pg_catalog.obj_description(oid, \'pg_am\') AS "Description"'
    sql += "\nFROM pg_catalog.pg_am\n"
    clause = catalog.where(pattern, have_where=False, namevar="amname", maxparts=1)
    if clause is None:
        return False
    return catalog.show_query(sql + clause.sql + "ORDER BY 1;", title="List of access methods", expanded=expanded)


def list_operator_classes(catalog: Catalog, am_pattern: str | None, type_pattern: str | None, *, verbose: bool,
                          expanded: str | None = None) -> bool:
    """psql's listOperatorClasses (\\dAc)."""
    sql = ('SELECT\n  am.amname AS "AM",\n  pg_catalog.format_type(c.opcintype, NULL) AS "Input type",\n'
           "  CASE\n    WHEN c.opckeytype <> 0 AND c.opckeytype <> c.opcintype\n"
           "    THEN pg_catalog.format_type(c.opckeytype, NULL)\n    ELSE NULL\n"
           '  END AS "Storage type",\n'
           "  CASE\n    WHEN pg_catalog.pg_opclass_is_visible(c.oid)\n"
           "    THEN pg_catalog.format('%I', c.opcname)\n"
           "    ELSE pg_catalog.format('%I.%I', n.nspname, c.opcname)\n"
           '  END AS "Operator class",\n'
           "  (CASE WHEN c.opcdefault\n    THEN 'yes'\n    ELSE 'no'\n  END) AS \"Default?\"")
    if verbose:
        sql += (",\n" + _OPFAMILY_NAME.format(f="of", n="ofn") + ",\n"
                ' pg_catalog.pg_get_userbyid(c.opcowner) AS "Owner"\n')
    sql += ("\nFROM pg_catalog.pg_opclass c\n"
            "  LEFT JOIN pg_catalog.pg_am am on am.oid = c.opcmethod\n"
            "  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace\n"
            "  LEFT JOIN pg_catalog.pg_type t ON t.oid = c.opcintype\n"
            "  LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace\n")
    if verbose:
        sql += ("  LEFT JOIN pg_catalog.pg_opfamily of ON of.oid = c.opcfamily\n"
                "  LEFT JOIN pg_catalog.pg_namespace ofn ON ofn.oid = of.opfnamespace\n")
    conditions = _am_and_then(catalog, am_pattern, type_pattern, _type_condition)
    if conditions is None:
        return False
    return catalog.show_query(sql + conditions + "ORDER BY 1, 2, 4;", title="List of operator classes",
                              expanded=expanded)


def list_operator_families(catalog: Catalog, am_pattern: str | None, type_pattern: str | None, *, verbose: bool,
                           expanded: str | None = None) -> bool:
    """psql's listOperatorFamilies (\\dAf): a type pattern keeps the families with an operator class for it."""
    sql = ('SELECT\n  am.amname AS "AM",\n' + _OPFAMILY_NAME.format(f="f", n="n") + ",\n"
           "  (SELECT\n     pg_catalog.string_agg(pg_catalog.format_type(oc.opcintype, NULL), ', ')\n"
           '   FROM pg_catalog.pg_opclass oc\n   WHERE oc.opcfamily = f.oid) "Applicable types"')
    if verbose:
        sql += ',\n  pg_catalog.pg_get_userbyid(f.opfowner) AS "Owner"\n'
    sql += ("\nFROM pg_catalog.pg_opfamily f\n"
            "  LEFT JOIN pg_catalog.pg_am am on am.oid = f.opfmethod\n"
            "  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace\n")
    conditions = _am_and_then(catalog, am_pattern, type_pattern, _type_exists)
    if conditions is None:
        return False
    return catalog.show_query(sql + conditions + "ORDER BY 1, 2;", title="List of operator families", expanded=expanded)


def list_opfamily_operators(catalog: Catalog, am_pattern: str | None, family_pattern: str | None, *,
                            verbose: bool, expanded: str | None = None) -> bool:
    """psql's listOpFamilyOperators (\\dAo)."""
    sql = ('SELECT\n  am.amname AS "AM",\n' + _OPFAMILY_NAME.format(f="of", n="nsf") + ",\n"
           '  o.amopopr::pg_catalog.regoperator AS "Operator"\n'
           ',  o.amopstrategy AS "Strategy",\n'
           "  CASE o.amoppurpose\n    WHEN 'o' THEN 'ordering'\n    WHEN 's' THEN 'search'\n"
           '  END AS "Purpose"\n')
    if verbose:
        sql += (', ofs.opfname AS "Sort opfamily",\n'
                "  CASE\n    WHEN p.proleakproof THEN 'yes'\n    ELSE 'no'\n"
                '  END AS "Leakproof?"\n')
    sql += ("FROM pg_catalog.pg_amop o\n"
            "  LEFT JOIN pg_catalog.pg_opfamily of ON of.oid = o.amopfamily\n"
            "  LEFT JOIN pg_catalog.pg_am am ON am.oid = of.opfmethod AND am.oid = o.amopmethod\n"
            "  LEFT JOIN pg_catalog.pg_namespace nsf ON of.opfnamespace = nsf.oid\n")
    if verbose:
        sql += ("  LEFT JOIN pg_catalog.pg_opfamily ofs ON ofs.oid = o.amopsortfamily\n"
                "  LEFT JOIN pg_catalog.pg_operator op ON op.oid = o.amopopr\n"
                "  LEFT JOIN pg_catalog.pg_proc p ON p.oid = op.oprcode\n")
    conditions = _am_and_then(catalog, am_pattern, family_pattern, _family_condition("nsf"))
    if conditions is None:
        return False
    sql += (conditions + "ORDER BY 1, 2,\n  o.amoplefttype = o.amoprighttype DESC,\n"
            "  pg_catalog.format_type(o.amoplefttype, NULL),\n"
            "  pg_catalog.format_type(o.amoprighttype, NULL),\n  o.amopstrategy;")
    return catalog.show_query(sql, title="List of operators of operator families", expanded=expanded)


def list_opfamily_functions(catalog: Catalog, am_pattern: str | None, family_pattern: str | None, *,
                            verbose: bool, expanded: str | None = None) -> bool:
    """psql's listOpFamilyFunctions (\\dAp): + shows each function with its argument types."""
    sql = ('SELECT\n  am.amname AS "AM",\n' + _OPFAMILY_NAME.format(f="of", n="ns") + ",\n"
           '  pg_catalog.format_type(ap.amproclefttype, NULL) AS "Registered left type",\n'
           '  pg_catalog.format_type(ap.amprocrighttype, NULL) AS "Registered right type",\n'
           '  ap.amprocnum AS "Number"\n')
    sql += ', ap.amproc::pg_catalog.regprocedure AS "Function"\n' if verbose else ', p.proname AS "Function"\n'
    sql += ("FROM pg_catalog.pg_amproc ap\n"
            "  LEFT JOIN pg_catalog.pg_opfamily of ON of.oid = ap.amprocfamily\n"
            "  LEFT JOIN pg_catalog.pg_am am ON am.oid = of.opfmethod\n"
            "  LEFT JOIN pg_catalog.pg_namespace ns ON of.opfnamespace = ns.oid\n"
            "  LEFT JOIN pg_catalog.pg_proc p ON ap.amproc = p.oid\n")
    conditions = _am_and_then(catalog, am_pattern, family_pattern, _family_condition("ns"))
    if conditions is None:
        return False
    sql += conditions + "ORDER BY 1, 2,\n  ap.amproclefttype = ap.amprocrighttype DESC,\n  3, 4, 5;"
    return catalog.show_query(sql, title="List of support functions of operator families", expanded=expanded)


# ---- the patterns ----------------------------------------------------------------------------------------

# A second pattern's WHERE lines, given whether a WHERE is open already; None when the pattern is refused.
_Condition = Callable[[Catalog, str, bool], str | None]


def _am_and_then(catalog: Catalog, am_pattern: str | None, second: str | None, condition: _Condition) -> str | None:
    """The WHERE lines of the \\dA[cfop] commands: the access method (a bare name), then the second pattern's
    condition, which opens the WHERE itself when the first added none (as for "*"). None when refused."""
    sql = ""
    have_where = False
    if am_pattern is not None:
        clause = catalog.where(am_pattern, have_where=False, namevar="am.amname", maxparts=1)
        if clause is None:
            return None
        sql, have_where = clause.sql, clause.added
    if second is None:
        return sql
    rest = condition(catalog, second, have_where)
    return None if rest is None else sql + rest


def _type_condition(catalog: Catalog, pattern: str, have_where: bool) -> str | None:
    """An operator class's input type, by its internal or its external name (as \\dT matches types)."""
    clause = catalog.where(pattern, have_where=have_where, schemavar="tn.nspname", namevar="t.typname",
                           altnamevar="pg_catalog.format_type(t.oid, NULL)",
                           visibility="pg_catalog.pg_type_is_visible(t.oid)")
    return None if clause is None else clause.sql


def _type_exists(catalog: Catalog, pattern: str, have_where: bool) -> str | None:
    """An operator family with an operator class for a type matching the pattern."""
    inner = _type_condition(catalog, pattern, True)
    if inner is None:
        return None
    return (f"  {'AND' if have_where else 'WHERE'} EXISTS (\n    SELECT 1\n    FROM pg_catalog.pg_type t\n"
            "    JOIN pg_catalog.pg_opclass oc ON oc.opcintype = t.oid\n"
            "    LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace\n"
            "    WHERE oc.opcfamily = f.oid\n" + inner + "  )\n")


def _family_condition(schema_alias: str) -> _Condition:
    """An operator family by name; psql gives it no visibility rule, so an unqualified name matches in any
    schema."""

    def condition(catalog: Catalog, pattern: str, have_where: bool) -> str | None:
        clause = catalog.where(pattern, have_where=have_where, schemavar=f"{schema_alias}.nspname",
                               namevar="of.opfname")
        return None if clause is None else clause.sql

    return condition


