"""Editors publish pages themselves; the approval workflow asks editors, not an
empty group.

Wagtail's initial data lets its "Editors" group add and change pages but not
publish them, and sends every submission to its "Moderators" group, which JamHub
never fills (its moderators are "Community moderators", for uploads): an editor
could only "Submit to Moderators approval", and only the superuser heard of it.
Editors run the editorial side (DESIGN.md), so they get the publish permission on
the whole tree; the default workflow stays, for an editor who wants a colleague's
review, with the editors as its approvers. A workflow or task renamed or regrouped
by hand is left alone.
"""

from django.db import migrations

EDITORS = "Editors"
WAGTAIL_DEFAULT_APPROVAL = "Moderators approval"
EDITORS_APPROVAL = "Editors approval"


def _publish_permission(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="wagtailcore",
        content_type__model="page",
        codename="publish_page",
    ).first()


def _root(apps):
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(depth=1).order_by("path").first()


def editors_publish(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    editors, _created = Group.objects.get_or_create(name=EDITORS)
    root, publish = _root(apps), _publish_permission(apps)
    if root is not None and publish is not None:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root, permission=publish
        )
    for task in GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_APPROVAL):
        if list(task.groups.values_list("name", flat=True)) != ["Moderators"]:
            continue
        task.groups.set([editors])
        Task.objects.filter(pk=task.pk).update(name=EDITORS_APPROVAL)
        Workflow.objects.filter(
            name=WAGTAIL_DEFAULT_APPROVAL, workflow_tasks__task_id=task.pk
        ).update(name=EDITORS_APPROVAL)


def editors_submit(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    GroupPagePermission.objects.filter(
        group__name=EDITORS, page=_root(apps), permission=_publish_permission(apps)
    ).delete()
    moderators = Group.objects.filter(name="Moderators").first()
    for task in GroupApprovalTask.objects.filter(name=EDITORS_APPROVAL):
        if moderators is not None:
            task.groups.set([moderators])
        Task.objects.filter(pk=task.pk).update(name=WAGTAIL_DEFAULT_APPROVAL)
        Workflow.objects.filter(
            name=EDITORS_APPROVAL, workflow_tasks__task_id=task.pk
        ).update(name=WAGTAIL_DEFAULT_APPROVAL)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_block_labels"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # The groups, the default workflow and the publish_page permission.
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(editors_publish, editors_submit)]
