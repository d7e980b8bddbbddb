"""The quicker widgets of ``web.widgets`` write exactly what WTForms' own write."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from wtforms import Form, RadioField, StringField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from directory.web.widgets import faster, html_params

CASES = [
    {},
    {"id": "concern-email", "name": "email", "type": "email", "value": ""},
    {"required": True, "disabled": False, "maxlength": 254, "minlength": 0},
    {"value": 'say "hi" & <bye>', "class_": "wide", "for_": "x"},
    {"value": Markup('already <b>safe</b> "quoted"'), "data_focus_on_load": True},
    {"aria_describedby": "a-hint a-error", "aria_invalid": "true", "data_x_y": "1"},
    {"value": None, "size": 3.5, "autocomplete": "email"},
]


@pytest.mark.parametrize("attrs", CASES)
def test_attributes_are_written_as_wtforms_writes_them(attrs):
    ours = html_params(**attrs)
    assert isinstance(ours, Markup)
    assert ours == widgets.html_params(**attrs)


class _Shown(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    message = TextAreaField("Message", validators=[DataRequired(), Length(min=20, max=2000)])
    reason = RadioField("Why", choices=[SelectChoice("a", "A <one>"), SelectChoice("b", 'B "two"')])


@pytest.mark.parametrize("typed", [{}, {"name": 'Ann "<b>"', "message": "Hello\r\n<there> & co"}])
def test_fields_render_the_same_with_the_quicker_widgets(typed):
    from werkzeug.datastructures import MultiDict

    form = _Shown(MultiDict(typed))
    for field in (form.name, form.message):
        expected = field(id="f", aria_describedby="f-hint")
        field.widget = faster(field.widget)
        assert field(id="f", aria_describedby="f-hint") == expected
    for option in form.reason:
        expected = option(id="r")
        option.widget = faster(option.widget)
        assert option(id="r") == expected


def test_widgets_it_does_not_know_are_left_alone():
    assert faster(widgets.Select()) is None
    assert faster(widgets.ListWidget()) is None
