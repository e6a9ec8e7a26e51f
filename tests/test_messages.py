"""Messages are templates plus values: English where no Qt is, translated at display, kept by the journal."""

from __future__ import annotations

import pickle

import pytest

from tributary.workers.downloads.journal import Item, Journal
from tributary.workers.jobs import QT_TRANSLATE_NOOP, Message, UserError, describe_error


def test_a_message_is_its_english_text_and_keeps_template_and_values():
    what = Message(QT_TRANSLATE_NOOP("Engine", "upper bound"))
    m = Message(QT_TRANSLATE_NOOP("Engine", "The {what} {raw} is past the maximum {maximum:,}."),
                what=what, raw="1e16", maximum=10**15)
    assert m == "The upper bound 1e16 is past the maximum 1,000,000,000,000,000."
    assert m.template.startswith("The {what}") and m.values["what"].template == "upper bound"
    again = pickle.loads(pickle.dumps(m))  # results and errors cross process boundaries
    assert again == m and again.values == m.values and isinstance(again.values["what"], Message)
    assert Message.from_json(m.to_json()) == m


def test_user_error_names_its_field_and_survives_pickling():
    err = UserError(QT_TRANSLATE_NOOP("Engine", "The {what} is empty."), field="high", what="upper bound")
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == "The upper bound is empty." and back.field == "high"
    assert describe_error(back) is back.message


def test_other_errors_are_described_by_type_and_first_line():
    m = describe_error(ValueError("disk on fire\nmore"))
    assert m == "ValueError: disk on fire" and m.template == "{type}: {detail}"


def test_a_template_that_does_not_fit_its_values_never_raises():
    assert "{missing}" in Message("A {missing} value", other=1)


@pytest.mark.parametrize("error", [Message(QT_TRANSLATE_NOOP("Engine", "The server answered {status} {reason}."),
                                           status=404, reason="Not Found"), "plain text from an older run", None])
def test_the_journal_keeps_an_items_error_message(tmp_path, error):
    journal = Journal(tmp_path / "j.sqlite3")
    (item,) = journal.add([Item(url="http://127.0.0.1/x", folder=str(tmp_path))])
    item.state, item.error = "failed", error
    journal.save(item)
    journal.close()
    reopened = Journal(tmp_path / "j.sqlite3")
    (back,) = reopened.items()
    reopened.close()
    assert back.error == error and type(back.error) is type(error)
    if isinstance(error, Message):
        assert back.error.values == {"status": 404, "reason": "Not Found"}
