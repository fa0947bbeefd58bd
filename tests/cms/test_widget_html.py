"""Django's widget templates written out in Python (cms.widget_html) give the same HTML as the
templates themselves, character for character."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cms import widget_html
from cms.forms import KringFormRenderer

GROUPED = [
    ("Noord", [("a", "Antwerpen <A>"), ("l", "Limburg & co")]),
    ("Zuid", [("h", "Henegouwen")]),
    ("x", "Zonder groep"),
]


class EveryWidgetForm(forms.Form):
    text = forms.CharField(
        label=_("Name"),
        help_text="Help <b>text</b>",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "data-x": 'a "quoted" <value>', "readonly": True}
        ),
    )
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"disabled": False}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False)
    decimal = forms.DecimalField(required=False, localize=True)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    url = forms.URLField(required=False, assume_scheme="https")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agree = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("1", "One"), ("2", "Two & <three>")])
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=GROUPED, required=False)
    radio = forms.ChoiceField(
        choices=[("", "None"), ("yes", _("Yes")), ("no", "No")],
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        required=False,
    )
    radio_grouped = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect, required=False)
    checks = forms.MultipleChoiceField(
        choices=[(1, "One"), (2, mark_safe("<em>Two</em>"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    yes_no = forms.NullBooleanField(required=False)
    unlabelled = forms.CharField(label="", required=False)


VALUES = {
    "text": 'Jan <Janssens> & "zoon"',
    "off": mark_safe("<b>safe</b>"),
    "email": "not an e-mail",
    "number": "12",
    "decimal": "1234.5",
    "day": "2026-02-03",
    "hidden": "h",
    "secret": "s3cret",
    "url": "nope",
    "note": "Two\nlines & <more>",
    "agree": "on",
    "choice": "3",
    "grouped": "l",
    "many": ["a", "x"],
    "radio": "yes",
    "radio_grouped": "h",
    "checks": ["2"],
    "yes_no": "true",
}


def _both_ways(form_class, **kwargs) -> tuple[str, str]:
    written_out = form_class(renderer=KringFormRenderer(), **kwargs)
    templates = form_class(renderer=_TemplatesOnly(), **kwargs)
    return _parts(written_out), _parts(templates)


class _TemplatesOnly(KringFormRenderer):
    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request=request)


def _parts(form) -> str:
    parts = [str(form)]
    for field in form:
        parts += [str(field), field.label_tag(), field.legend_tag(), str(field.errors)]
        parts.append(field.label_tag(attrs={"class": "x", "hidden": True}, label_suffix=":"))
    parts.append(str(form.non_field_errors()))
    return "\n".join(parts)


@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_widget_renders_as_its_template(bound, language):
    from django.utils import translation

    kwargs = {"data": VALUES} if bound else {"initial": {"day": datetime.date(2026, 1, 2)}}
    with translation.override(language):
        written_out, templates = _both_ways(EveryWidgetForm, **kwargs)
    assert written_out == templates


def test_unbound_and_bound_forms_differ_so_the_comparison_means_something():
    unbound, _ = _both_ways(EveryWidgetForm)
    bound, _ = _both_ways(EveryWidgetForm, data=VALUES)
    assert unbound != bound
    assert 'value="Jan &lt;Janssens&gt; &amp; &quot;zoon&quot;"' in bound


def test_a_value_the_template_would_call_falls_back_on_the_template():
    context = {"widget": {"type": "text", "name": "x", "value": lambda: "called", "attrs": {}}}
    with pytest.raises(widget_html.Unsupported):
        widget_html.TEMPLATES["django/forms/widgets/text.html"](context)
    assert 'value="called"' in KringFormRenderer().render("django/forms/widgets/text.html", context)


def test_an_unknown_option_template_falls_back_on_the_template():
    class OwnOption(forms.RadioSelect):
        option_template_name = "django/forms/widgets/checkbox_option.html"

    class OwnOptionForm(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=OwnOption)

    written_out, templates = _both_ways(OwnOptionForm)
    assert written_out == templates


@pytest.mark.django_db
def test_the_public_forms_render_as_with_the_templates(rf):
    from training.recruitment.forms import ApplicationForm
    from trajects.forms import RegistrationForm

    for form_class in (RegistrationForm, ApplicationForm):
        for kwargs in ({}, {"data": {"website": "", "email": "x"}}):
            written_out = form_class(renderer=KringFormRenderer(), **kwargs)
            templates = form_class(renderer=_TemplatesOnly(), **kwargs)
            for form in (written_out, templates):
                form.initial.update(submission="00000000-0000-0000-0000-000000000000", started="s")
            assert str(written_out) == str(templates)


class SummaryForm(forms.Form):
    """Errors of every kind in form.html: a field's, the form's own, a hidden field's."""

    name = forms.CharField(help_text="Your <em>name</em>", label="Name")
    token = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(help_text="Tick it", label=mark_safe("I <b>agree</b>"))
    pick = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="One of them"
    )
    bare = forms.CharField(label="", required=False)

    def clean(self):
        raise forms.ValidationError("The whole form <is> wrong.")


@pytest.mark.parametrize(
    ("data", "summary_lines"),
    [(None, 0), ({}, 5), ({"name": "x", "pick": "c", "agree": "on"}, 3)],
)
def test_kring_form_and_field_templates_render_as_written_out(data, summary_lines):
    """cms.form_html gives includes/forms/form.html and field.html to the character: error
    summary, fieldsets, check boxes, unlabelled fields and hidden fields' errors included."""
    written_out = SummaryForm(data=data, renderer=KringFormRenderer())
    templates = SummaryForm(data=data, renderer=_TemplatesOnly())
    assert str(written_out) == str(templates)
    assert [field.as_field_group() for field in written_out] == [
        field.as_field_group() for field in templates
    ]
    # The summary: the form's own error, then each field's (the hidden token's included).
    html = str(written_out)
    summary = html.split("</ul>")[0] if "form-errors" in html else ""
    assert summary.count("<li>") == summary_lines
    assert ("The whole form &lt;is&gt; wrong." in summary) == (data is not None)


def test_the_written_out_form_does_not_go_through_the_template_engine(monkeypatch):
    """The point of cms.form_html: the form and its fields render no template of their own
    (the error summary is rendered from its template, only when there are errors)."""
    from django.template import base

    rendered = []
    render = base.Template._render
    monkeypatch.setattr(
        base.Template,
        "_render",
        lambda self, context: rendered.append(self.origin.template_name) or render(self, context),
    )
    str(SummaryForm(renderer=KringFormRenderer()))
    assert rendered == []
    str(SummaryForm(data={}, renderer=KringFormRenderer()))
    assert rendered == ["includes/error_summary.html"]
    str(SummaryForm(data={}, renderer=_TemplatesOnly()))
    assert "includes/forms/field.html" in rendered


@pytest.mark.parametrize("bound", [False, True])
def test_the_workspace_forms_render_as_with_the_templates(bound):
    from trajects.workspace import forms as workspace_forms

    data = {"date": "not a date", "email": "x", "phone": "y"} if bound else None
    for form_class in (
        workspace_forms.ChecklistForm,
        workspace_forms.QuestionForm,
        workspace_forms.ParticipantForm,
        workspace_forms.ConferenceForm,
        workspace_forms.ConferenceHeldForm,
        workspace_forms.PlanForm,
        workspace_forms.DistributeForm,
        workspace_forms.FollowUpForm,
        workspace_forms.CloseForm,
    ):
        written_out = form_class(data, renderer=KringFormRenderer())
        templates = form_class(data, renderer=_TemplatesOnly())
        assert str(written_out) == str(templates), form_class.__name__
