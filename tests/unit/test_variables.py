"""psql variable rules: booleans, choices, integers, unset substitutes."""

import pytest

from dsqlsh.variables import BadVariable, Variables, parse_bool


@pytest.mark.parametrize("text", ["on", "ON", "t", "true", "y", "yes", "1"])
def test_true_spellings(text):
    assert parse_bool(text, "X") is True


@pytest.mark.parametrize("text", ["off", "of", "f", "false", "n", "no", "0"])
def test_false_spellings(text):
    assert parse_bool(text, "X") is False


def test_o_alone_is_ambiguous():
    with pytest.raises(BadVariable, match='unrecognized value "o" for "ON_ERROR_STOP": Boolean expected'):
        Variables().set("ON_ERROR_STOP", "o")


def test_empty_boolean_means_on_and_unset_means_off():
    v = Variables()
    v.set("ON_ERROR_STOP", "")
    assert v.get("ON_ERROR_STOP") == "on"
    v.unset("ON_ERROR_STOP")
    assert v.get("ON_ERROR_STOP") == "off"


def test_choice_and_integer_checks():
    v = Variables()
    with pytest.raises(BadVariable, match="Available values are: none, errors, queries, all."):
        v.set("ECHO", "bar")
    with pytest.raises(BadVariable, match='invalid value "x" for "FETCH_COUNT": integer expected'):
        v.set("FETCH_COUNT", "x")
    v.set("VERBOSITY", "VERBOSE")
    assert v.choice("VERBOSITY") == "verbose"


def test_plain_variables_come_and_go():
    v = Variables()
    v.set("foo", "bar")
    assert v.get("foo") == "bar"
    v.unset("foo")
    assert v.get("foo") is None
