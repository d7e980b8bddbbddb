"""Unexpected errors are logged once, as a JSON line with the request id, method and
path, and never with form values or SQL parameters; the 500 page gives the reference."""

from __future__ import annotations

import json

from sqlalchemy import text

from directory.extensions import db

SECRET = "hunter2-never-logged"


def _lines(captured: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def test_an_unexpected_error_is_logged_as_one_json_line(app, capsys):
    @app.post("/boom")
    def boom() -> str:
        raise RuntimeError("the disk caught fire")

    response = app.test_client().post(
        "/boom?q=x", data={"password": SECRET}, headers={"X-Request-Id": "edge-1234abcd"}
    )
    assert response.status_code == 500
    assert response.headers["X-Request-Id"] == "edge-1234abcd"
    assert "edge-1234abcd" in response.text
    assert "It has been logged and we will look into it" not in response.text
    captured = capsys.readouterr().err
    entries = _lines(captured)
    assert len(entries) == 1, captured
    entry = entries[0]
    assert entry["level"] == "ERROR"
    assert entry["request_id"] == "edge-1234abcd"
    assert entry["method"] == "POST" and entry["path"] == "/boom"
    assert entry["exception"] == "builtins.RuntimeError"
    assert "the disk caught fire" in str(entry["detail"])
    assert "boom" in str(entry["traceback"])
    assert SECRET not in captured


def test_sql_parameters_stay_out_of_the_log(app, capsys):
    @app.get("/db-boom")
    def db_boom() -> str:
        db.session.execute(text("SELECT :p FROM no_such_table"), {"p": SECRET})
        return "unreachable"

    response = app.test_client().get("/db-boom", headers={"X-Request-Id": "bad id with spaces"})
    assert response.status_code == 500
    generated = response.headers["X-Request-Id"]
    assert generated != "bad id with spaces" and len(generated) == 32
    captured = capsys.readouterr().err
    (entry,) = _lines(captured)
    assert entry["request_id"] == generated
    assert "no_such_table" in str(entry["detail"])
    assert SECRET not in captured


def test_api_errors_are_logged_too_and_answer_json(app, capsys):
    @app.get("/api/v1/boom")
    def api_boom() -> str:
        raise KeyError("x")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    (entry,) = _lines(capsys.readouterr().err)
    assert entry["path"] == "/api/v1/boom"
