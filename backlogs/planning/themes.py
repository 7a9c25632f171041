"""Operations on themes: create/update with codes and positions, grab a story, move to a backlog."""

import re

from django.db import transaction
from rest_framework import status

from backlog_site.api.errors import ApplicationError
from backlogs.models import Backlog, SprintStory, Story, Theme

from . import accepted, positions
from .locks import ensure_editable, lock_row
from .stories import next_unique_id


def code_from_name(name: str) -> str:
    """easyBacklog's rule: the first letter of each of the first three words; with two words two
    letters of the first and one of the second (one and two when the first word is a single
    letter); with one word its first three letters; padded with "1"/"01"; upper-cased."""
    words = re.sub(r"[^a-z0-9 ]", " ", name, flags=re.IGNORECASE).split()
    if len(words) >= 3:
        code = words[0][0] + words[1][0] + words[2][0]
    elif len(words) == 2:
        code = words[0][:2] + words[1][: 1 if len(words[0]) > 1 else 2]
    elif words:
        code = words[0][:3]
    else:
        code = "THM"
    if len(code) == 1:
        code += "01"
    elif len(code) == 2:
        code += "1"
    return code.upper()


def free_code(code: str, taken: set[str]) -> str:
    """`code` if free, else the first free of XY1..XY9, X10..X99, 100..999 (as easyBacklog did)."""
    if code not in taken:
        return code
    candidates = [f"{code[:2]}{i}" for i in range(1, 10)] + [f"{code[:1]}{i}" for i in range(10, 100)]
    candidates += [str(i) for i in range(100, 1000)]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    raise ApplicationError("No more theme codes are available in this backlog", field="code")


def _check_name(theme: Theme) -> None:
    if Theme.objects.filter(backlog_id=theme.backlog_id, name=theme.name).exclude(pk=theme.pk).exists():
        raise ApplicationError("Name has already been taken", field="name")


def _taken_codes(backlog: Backlog, exclude_pk=None) -> set[str]:
    return set(Theme.objects.filter(backlog=backlog).exclude(pk=exclude_pk).values_list("code", flat=True))


@transaction.atomic
def theme_create(*, backlog: Backlog, fields: dict) -> Theme:
    ensure_editable(backlog)
    lock_row(backlog)
    position = fields.pop("position", None)
    theme = Theme(backlog=backlog, **fields)
    taken = _taken_codes(backlog)
    if theme.code:
        theme.code = theme.code.upper()
        if theme.code in taken:
            raise ApplicationError("Code has already been taken", field="code")
    else:
        theme.code = free_code(code_from_name(theme.name), taken)
    theme.position = positions.next_position(Theme.objects.filter(backlog=backlog))
    _check_name(theme)
    theme.full_clean()
    theme.save()
    if position is not None:
        positions.place(theme, Theme.objects.filter(backlog=backlog), position)
    return theme


@transaction.atomic
def theme_update(*, theme: Theme, fields: dict) -> Theme:
    ensure_editable(theme.backlog)
    lock_row(theme.backlog)
    position = fields.pop("position", None)
    for name, value in fields.items():
        setattr(theme, name, value)
    if "code" in fields:
        if theme.code:
            theme.code = theme.code.upper()
            if theme.code in _taken_codes(theme.backlog, exclude_pk=theme.pk):
                raise ApplicationError("Code has already been taken", field="code")
        else:
            theme.code = free_code(code_from_name(theme.name), _taken_codes(theme.backlog, exclude_pk=theme.pk))
    _check_name(theme)
    theme.full_clean()
    theme.save()
    if position is not None:
        positions.place(theme, Theme.objects.filter(backlog_id=theme.backlog_id), position)
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme) -> None:
    ensure_editable(theme.backlog)
    accepted.ensure_stories_deletable(Story.objects.filter(theme=theme))
    backlog_id = theme.backlog_id
    theme.delete()
    positions.close_gap(Theme.objects.filter(backlog_id=backlog_id))


@transaction.atomic
def theme_grab_story(*, theme: Theme, story: Story) -> Story:
    """Move `story` from another theme of the same backlog to the end of `theme`; its unique id is
    kept unless this theme already uses it."""
    ensure_editable(theme.backlog)
    lock_row(theme)
    if story.theme.backlog_id != theme.backlog_id:
        raise ApplicationError("Story must belong to a theme in the same backlog", field="story_id")
    if story.theme_id == theme.pk:
        raise ApplicationError("Story already belongs to this theme", field="story_id")
    old_theme_id = story.theme_id
    if Story.objects.filter(theme=theme, unique_id=story.unique_id).exists():
        story.unique_id = next_unique_id(theme)
    story.theme = theme
    story.position = positions.next_position(Story.objects.filter(theme=theme))
    story.save(update_fields=["theme", "unique_id", "position", "updated_at"])
    positions.close_gap(Story.objects.filter(theme_id=old_theme_id))
    return story


@transaction.atomic
def theme_move_to_backlog(*, theme: Theme, target: Backlog) -> Theme:
    """Move a theme (with its stories and criteria) to the end of another backlog of the account.
    Refused when any of its stories is in a sprint; a clashing code is regenerated and a clashing
    name gets a number."""
    ensure_editable(theme.backlog)
    if target.pk == theme.backlog_id:
        raise ApplicationError("The target backlog is the current backlog", field="target_backlog_id")
    if target.is_locked:
        raise ApplicationError("The target backlog is locked and not editable", status_code=status.HTTP_403_FORBIDDEN)
    if SprintStory.objects.filter(story__theme=theme).exists():
        raise ApplicationError(
            "One or more stories in this theme are assigned to sprints", status_code=status.HTTP_403_FORBIDDEN
        )
    old_backlog_id = theme.backlog_id
    taken = _taken_codes(target)
    if theme.code in taken:
        theme.code = free_code(code_from_name(theme.name), taken)
    names = set(Theme.objects.filter(backlog=target).values_list("name", flat=True))
    base, suffix = theme.name, 0
    while theme.name in names:
        suffix += 1
        theme.name = f"{base} {suffix}"
    theme.backlog = target
    theme.position = positions.next_position(Theme.objects.filter(backlog=target))
    theme.save()
    positions.close_gap(Theme.objects.filter(backlog_id=old_backlog_id))
    return theme
