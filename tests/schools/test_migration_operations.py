"""common/migration_operations.py: AlteredTogether gives the state the operations give
one by one, rendering the models once."""

import pytest
from django.db import migrations, models
from django.db.migrations.state import ModelState, ProjectState

from common.migration_operations import AlteredTogether


def _state():
    state = ProjectState()
    state.add_model(
        ModelState("lab", "school", [("id", models.AutoField(primary_key=True))], {}, None)
    )
    state.add_model(
        ModelState(
            "lab",
            "form",
            [
                ("id", models.AutoField(primary_key=True)),
                ("title", models.CharField(max_length=20)),
                ("school", models.ForeignKey("lab.school", models.CASCADE)),
            ],
            {},
            None,
        )
    )
    state.apps  # rendered, as a migration being applied has it  # noqa: B018
    return state


def _operations():
    return [
        migrations.AlterModelOptions(name="form", options={"verbose_name": "mẫu"}),
        migrations.AlterField("form", "title", models.CharField(max_length=20, verbose_name="tên")),
        migrations.AlterField(
            "form",
            "school",
            models.ForeignKey("lab.school", models.CASCADE, verbose_name="trường"),
        ),
    ]


def _shown(state):
    form = state.apps.get_model("lab", "form")
    labels = {f.name: str(f.verbose_name) for f in form._meta.fields}
    return str(form._meta.verbose_name), labels, form._meta.get_field("school").related_model


def test_the_state_and_the_rendered_models_are_those_of_one_by_one():
    one_by_one, together = _state(), _state()
    for operation in _operations():
        operation.state_forwards("lab", one_by_one)
    AlteredTogether(_operations()).state_forwards("lab", together)
    assert together.models == one_by_one.models
    verbose, labels, school = _shown(together)
    assert (verbose, labels["title"], labels["school"]) == ("mẫu", "tên", "trường")
    assert school is together.apps.get_model("lab", "school")  # relations rendered anew
    assert _shown(one_by_one)[:2] == (verbose, labels)
    assert "reload_model" not in vars(together)  # the state's own method again


def test_each_model_is_rendered_once(monkeypatch):
    state, reloads = _state(), []
    reload_models = ProjectState.reload_models
    monkeypatch.setattr(
        ProjectState,
        "reload_models",
        lambda self, models, delay=True: (
            reloads.append((sorted(models), delay)) or reload_models(self, models, delay)
        ),
    )
    AlteredTogether(_operations()).state_forwards("lab", state)
    # the relation's field may not wait for its related models; the rest may
    assert sorted(reloads) == [([("lab", "form")], False)]


def test_only_alterations_of_distinct_fields_go_together():
    with pytest.raises(TypeError):
        AlteredTogether([migrations.RemoveField("form", "title")])
    twice = [migrations.AlterField("form", "title", models.CharField(max_length=5))] * 2
    with pytest.raises(ValueError):
        AlteredTogether(twice)
