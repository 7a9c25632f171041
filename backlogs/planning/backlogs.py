"""Operations on backlogs: create, update (archive/restore), duplicate, delete."""

from django.db import transaction

from accounts.models import Account
from backlog_site.api.errors import ApplicationError
from backlogs.models import Backlog, Sprint

from .copying import copy_children
from .locks import ensure_editable

DEFAULTED = {"velocity": "default_velocity", "rate": "default_rate", "use_50_90": "default_use_50_90"}
COPIED = ["company", "velocity", "rate", "use_50_90", "scoring_rule"]


def _check_company(backlog: Backlog) -> None:
    if backlog.company_id is not None and backlog.company.account_id != backlog.account_id:
        raise ApplicationError("Company does not exist", field="company_id")


def _check_sizing(backlog: Backlog) -> None:
    """Velocity and rate, when set, are greater than 0 (none means no time or cost estimates)."""
    for name in ("velocity", "rate"):
        value = getattr(backlog, name)
        if value is not None and value <= 0:
            raise ApplicationError("must be greater than 0", field=name)


def _adopt_scoring_rule(backlog: Backlog) -> None:
    """easyBacklog: the first backlog saved with a scoring rule makes it its account's default
    when the account has none yet."""
    account = backlog.account
    if backlog.scoring_rule_id is None or account.scoring_rule_id is not None or backlog.is_snapshot:
        return
    Account.objects.filter(pk=account.pk, scoring_rule__isnull=True).update(scoring_rule_id=backlog.scoring_rule_id)
    account.scoring_rule_id = backlog.scoring_rule_id


def _save(backlog: Backlog) -> Backlog:
    _check_company(backlog)
    _check_sizing(backlog)
    backlog.full_clean()
    backlog.save()
    _adopt_scoring_rule(backlog)
    return backlog


@transaction.atomic
def backlog_create(*, account, user, fields: dict) -> Backlog:
    """A new backlog; velocity, rate and 50/90 not given come from the company's (else the account's)
    defaults for new backlogs, as does the scoring rule."""
    backlog = Backlog(account=account, author=user, last_modified_user=user)
    defaults_from = fields.get("company") or account
    for name, default in DEFAULTED.items():
        setattr(backlog, name, fields[name] if name in fields else getattr(defaults_from, default))
    if "velocity" in fields and "rate" not in fields and backlog.velocity is None:
        backlog.rate = None
    backlog.scoring_rule = fields["scoring_rule"] if "scoring_rule" in fields else account.scoring_rule
    for name, value in fields.items():
        setattr(backlog, name, value)
    return _save(backlog)


@transaction.atomic
def backlog_update(*, backlog: Backlog, user, fields: dict) -> Backlog:
    """`archived=false` restores an archived backlog and ignores everything else; `archived=true`
    archives it (after the other changes). Any other change to an archived backlog is refused."""
    archived = fields.pop("archived", None)
    if backlog.is_snapshot:
        ensure_editable(backlog)
    if archived is False and backlog.archived:
        backlog.archived = False
        backlog.last_modified_user = user
        backlog.save(update_fields=["archived", "last_modified_user", "updated_at"])
        return backlog
    ensure_editable(backlog)
    old_velocity = backlog.velocity
    for name, value in fields.items():
        setattr(backlog, name, value)
    if archived:
        backlog.archived = True
    backlog.last_modified_user = user
    _save(backlog)
    if old_velocity is not None and backlog.velocity is None:
        _keep_sprint_velocities(backlog, old_velocity)
    return backlog


def _keep_sprint_velocities(backlog: Backlog, old_velocity) -> None:
    """Without a backlog velocity, sprints sized by team members keep their expected points as an
    explicit velocity (team size alone no longer means anything)."""
    sprints = list(backlog.sprints.filter(explicit_velocity__isnull=True))
    for sprint in sprints:
        sprint.explicit_velocity = old_velocity * sprint.number_team_members * sprint.duration_days
        sprint.number_team_members = None
    Sprint.objects.bulk_update(sprints, ["explicit_velocity", "number_team_members"])


@transaction.atomic
def backlog_duplicate(*, backlog: Backlog, user, fields: dict) -> Backlog:
    """A new live backlog with the same settings (overridden by `fields`) and copies of the themes,
    stories and acceptance criteria; sprints are not copied."""
    copy = Backlog(account=backlog.account, author=user, last_modified_user=user, name=backlog.name)
    for name in COPIED:
        setattr(copy, name, getattr(backlog, name))
    for name, value in fields.items():
        setattr(copy, name, value)
    _save(copy)
    copy_children(source=backlog, target=copy)
    return copy


@transaction.atomic
def backlog_delete(*, backlog: Backlog) -> None:
    if backlog.is_snapshot:
        ensure_editable(backlog)
    backlog.delete()
