"""One rule for the token a caller presents, whichever API it calls."""

from __future__ import annotations

import pytest

from argus.core.tokens import bearer_token, metadata_token, metadata_value, presented_token


@pytest.mark.parametrize(
    ("authorization", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer abc", "abc"),
        ("BEARER  abc ", "abc"),
        ("  Bearer abc", "abc"),
        ("Basic abc", ""),
        ("abc", ""),
        ("Bearer", ""),
        ("", ""),
        (None, ""),
        (b"Bearer abc", "abc"),
    ],
)
def test_the_bearer_scheme_alone_carries_a_token(authorization: str | None, token: str) -> None:
    assert bearer_token(authorization) == token


def test_a_bare_header_is_the_token_only_where_the_api_documents_it() -> None:
    assert bearer_token(" abc ", bare=True) == "abc"
    assert bearer_token("Bearer abc", bare=True) == "abc"
    assert bearer_token("abc") == ""


def test_the_documented_places_come_before_the_header_in_the_order_given() -> None:
    assert presented_token("body", "query", authorization="Bearer header") == "body"
    assert presented_token("", "query", authorization="Bearer header") == "query"
    assert presented_token(None, "", authorization="Bearer header") == "header"
    assert presented_token(authorization="Basic header") == ""


def test_grpc_metadata_gives_its_first_authorization() -> None:
    metadata = [("x-other", "1"), ("authorization", "Bearer one"), ("authorization", "Bearer two")]
    assert metadata_token(metadata) == "one"
    assert metadata_value(metadata, "x-other") == "1"
    assert metadata_value(metadata, "missing") == ""
    assert metadata_token(None) == ""
