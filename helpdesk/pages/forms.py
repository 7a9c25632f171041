"""Forms of the portal. They only shape what people type; the services decide (custom field values,
lock_version, blank bodies) and their refusals are turned back into errors next to the fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape, linebreaks

from accounts.models import CustomField, Membership, Role
from cmdb.attachments import storage
from helpdesk.models import ExtendedStatus, HelpdeskCategory, HelpdeskPriority, TaskType, Team, Ticket, TicketType

Kind = CustomField.Kind
STATUS_CHOICES = [("", "Any status"), *Ticket.Status.choices]
BOOLEAN_CHOICES = [("", "—"), ("true", "Yes"), ("false", "No")]
CUSTOM_PREFIX = "cf_"


def text_to_html(text: str) -> str:
    """What a person typed in a textarea, as the HTML the service desk stores (paragraphs, line breaks);
    typed markup is kept as text, never interpreted."""
    return linebreaks(escape(text.strip())) if text and text.strip() else ""


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.get_full_name() or obj.user.username


def agent_choices(account) -> forms.ModelChoiceField:
    return AgentChoiceField(
        Membership.objects.filter(account=account, role__in=[Role.ADMIN, Role.AGENT]).select_related("user"),
        required=False,
        empty_label="Nobody",
        label="Agent",
    )


def custom_form_field(field: CustomField) -> forms.Field:
    """The form field a custom field is typed into; the service checks the value again by type."""
    options = {"label": field.name, "required": field.required}
    if field.type_id == Kind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **options)
    if field.type_id == Kind.URL:
        return forms.CharField(widget=forms.URLInput, max_length=2000, **options)
    if field.type_id == Kind.INTEGER:
        return forms.IntegerField(**options)
    if field.type_id == Kind.FLOAT:
        return forms.FloatField(**options)
    if field.type_id == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if field.type_id == Kind.BOOLEAN:
        return forms.ChoiceField(choices=BOOLEAN_CHOICES, **options)
    if field.has_options:
        names = {option.pk: option for option in field.options.all()}
        choices = [("", "—")]
        for option in names.values():
            parent = names.get(option.parent_id)
            choices.append((str(option.pk), f"{parent.name} › {option.name}" if parent else option.name))
        return forms.ChoiceField(choices=choices, **options)
    return forms.CharField(max_length=1000, **options)


def service_value(field: CustomField, value):
    """A cleaned form value in the form the custom field service accepts."""
    if value in (None, ""):
        return None
    if field.type_id == Kind.DATE:
        return value.isoformat()
    if field.has_options:
        return int(value)
    return value


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (`custom_fields.<id>` → `cf_<id>`)."""
    for key, messages in error.message_dict.items():
        name = key.replace("custom_fields.", CUSTOM_PREFIX, 1) if key.startswith("custom_fields.") else key
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


class RequestForm(forms.Form):
    """Raise a request: type, category, subject, description and the custom fields of the category.

    Every ticket custom field is rendered (category-scoped ones marked with their category, so a page
    script can show only the chosen category's); only the fields that apply to the chosen category
    are required and saved."""

    required_css_class = "required"
    type = forms.ModelChoiceField(TicketType.objects.none(), empty_label=None, label="Type")
    category = forms.ModelChoiceField(HelpdeskCategory.objects.none(), required=False, empty_label="None")
    title = forms.CharField(max_length=255, label="Subject")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=100_000, required=False)

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = TicketType.objects.filter(account=account)
        categories = list(HelpdeskCategory.objects.filter(account=account))
        self.fields["category"].queryset = HelpdeskCategory.objects.filter(account=account)
        self.category_names = {category.pk: category.name for category in categories}
        chosen = self.data.get("category") if self.is_bound else self.initial.get("category")
        self.category_id = int(chosen) if str(chosen or "").isdigit() and int(chosen) in self.category_names else None
        self.custom_fields = list(
            CustomField.objects.filter(account=account, owner_class=CustomField.OwnerClass.TICKET)
            .select_related("helpdesk_scope")
            .prefetch_related("options")  # options: the choices of dropdown fields
        )
        for field in self.custom_fields:
            self.fields[f"{CUSTOM_PREFIX}{field.pk}"] = custom_form_field(field)

    def clean(self):
        """A field of another category than the chosen one is neither required nor saved."""
        for field in self.custom_fields:
            if not self.applies(field):
                name = f"{CUSTOM_PREFIX}{field.pk}"
                self._errors.pop(name, None)
                self.cleaned_data.pop(name, None)
        return super().clean()

    @staticmethod
    def scope_of(field: CustomField) -> int | None:
        scope = getattr(field, "helpdesk_scope", None)
        return scope.category_id if scope else None

    def applies(self, field: CustomField) -> bool:
        scope = self.scope_of(field)
        return scope is None or scope == self.category_id

    def custom_rows(self) -> list[dict]:
        """The custom fields to render, each with the category it is limited to (if any)."""
        return [
            {
                "field": self[f"{CUSTOM_PREFIX}{field.pk}"],
                "category_id": self.scope_of(field),
                "category_name": self.category_names.get(self.scope_of(field)),
                "applies": self.applies(field),
            }
            for field in self.custom_fields
        ]

    def ticket_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "type": data["type"],
            "category": data["category"],
            "title": data["title"],
            "description": text_to_html(data["description"]),
        }

    def custom_values(self) -> dict:
        values = {}
        for field in self.custom_fields:
            if self.applies(field):
                value = service_value(field, self.cleaned_data.get(f"{CUSTOM_PREFIX}{field.pk}"))
                if value is not None:
                    values[str(field.pk)] = value
        return values


class CommentForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=100_000, label="Your comment")

    def html(self) -> str:
        return text_to_html(self.cleaned_data["body"])


class AgentCommentForm(CommentForm):
    """An agent's comment: the button pressed says whether it is a public reply or an internal note."""

    VISIBILITY = [("public", "Public reply"), ("internal", "Internal note")]
    visibility = forms.ChoiceField(choices=VISIBILITY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Comment"

    @property
    def is_public(self) -> bool:
        return self.cleaned_data["visibility"] == "public"


class TicketEditForm(forms.Form):
    """Assignment and status of a ticket, carrying the `lock_version` the agent saw."""

    agent = forms.ModelChoiceField(Membership.objects.none(), required=False)
    team = forms.ModelChoiceField(Team.objects.none(), required=False, empty_label="No team")
    priority = forms.ModelChoiceField(HelpdeskPriority.objects.none(), empty_label=None)
    extended_status = forms.ModelChoiceField(
        ExtendedStatus.objects.none(), required=False, empty_label="—", label="Extended status"
    )
    lock_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"] = agent_choices(account)
        self.fields["team"].queryset = Team.objects.filter(account=account)
        self.fields["priority"].queryset = HelpdeskPriority.objects.filter(account=account)
        self.fields["extended_status"].queryset = ExtendedStatus.objects.filter(account=account)
        self.order_fields(["agent", "team", "priority", "extended_status", "lock_version"])

    @staticmethod
    def initial_for(ticket) -> dict:
        return {
            "agent": ticket.agent_id,
            "team": ticket.team_id,
            "priority": ticket.priority_id,
            "extended_status": ticket.extended_status_id,
            "lock_version": ticket.lock_version,
        }

    def ticket_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("agent", "team", "priority", "extended_status")}


class LockForm(forms.Form):
    """Close or reopen: only the `lock_version` the agent saw."""

    lock_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class TaskForm(forms.Form):
    title = forms.CharField(max_length=255, label="New task")
    type = forms.ModelChoiceField(TaskType.objects.none(), required=False, empty_label="—", label="Task type")

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = TaskType.objects.filter(account=account)


class TimeEntryForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    duration = forms.IntegerField(min_value=1, max_value=100_000, label="Minutes")
    billable = forms.BooleanField(required=False)
    note = forms.CharField(max_length=10_000, required=False)


class QueueFilterForm(forms.Form):
    """The queue's filters and sort, read from the query string (an unknown value is ignored)."""

    SORTS = [
        ("-friendly_id", "Newest first"),
        ("friendly_id", "Oldest first"),
        ("-updated_at", "Recently updated"),
        ("-priority__level", "Most urgent"),
        ("due_at", "Due soonest"),
    ]
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    team = forms.ModelChoiceField(Team.objects.none(), required=False, empty_label="Any team")
    agent = forms.ModelChoiceField(Membership.objects.none(), required=False)
    priority = forms.ModelChoiceField(HelpdeskPriority.objects.none(), required=False, empty_label="Any priority")
    mine = forms.BooleanField(required=False, label="Assigned to me")
    sort = forms.ChoiceField(choices=SORTS, required=False, label="Sort by")

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"] = agent_choices(account)
        self.fields["agent"].empty_label = "Any agent"
        self.fields["team"].queryset = Team.objects.filter(account=account)
        self.fields["priority"].queryset = HelpdeskPriority.objects.filter(account=account)
        self.order_fields(["status", "team", "agent", "priority", "mine", "sort"])

    def filter(self, queryset, *, membership):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        for name in ("team", "agent", "priority"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("mine"):
            queryset = queryset.filter(agent=membership)
        sort = data.get("sort") or "-friendly_id"
        return queryset.order_by(sort, "-friendly_id")


class MyRequestsFilterForm(forms.Form):
    STATES = [("", "All"), ("open", "Open"), ("closed", "Closed")]
    state = forms.ChoiceField(choices=STATES, required=False, label="Show")
    search = forms.CharField(max_length=255, required=False, label="Subject contains")

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("state") == "open":
            queryset = queryset.exclude(status="closed")
        elif data.get("state") == "closed":
            queryset = queryset.filter(status="closed")
        if data.get("search"):
            queryset = queryset.filter(title__icontains=data["search"])
        return queryset.order_by("-friendly_id")


class AttachmentForm(forms.Form):
    """Attach a file to the ticket itself or to one of the `comments` the person may attach to. The
    file's size and name are checked by the attachments service, like the API's uploads."""

    file = forms.FileField(label="File")
    target = forms.ChoiceField(label="Attach to", required=False)
    description = forms.CharField(max_length=10_000, required=False, label="Description (optional)")

    def __init__(self, *args, comments, ticket_label: str = "The ticket itself", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"At most {filesizeformat(storage.max_upload_bytes())} per file."
        self.comments = {str(comment.pk): comment for comment in comments}
        self.fields["target"].choices = [("", ticket_label)] + [
            (pk, f"Comment by {author_name(comment)} on {comment.created_at:%d %b %Y %H:%M}")
            for pk, comment in self.comments.items()
        ]

    def owner(self, ticket) -> dict:
        return {"ticket": ticket, "comment": self.comments.get(self.cleaned_data.get("target") or "")}

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's refusals about the upload (`file`, or `key` for the stored object) go next to
        the file input."""
        for key, messages in error.message_dict.items():
            for message in messages:
                self.add_error("file" if key in ("file", "key") else None, message)


def author_name(comment) -> str:
    member = comment.created_by
    return (member.user.get_full_name() or member.user.username) if member else "someone"


class LinkCIForm(forms.Form):
    """Link a CI of the account, named by its number (“12” or “#12”) or its exact name."""

    ci = forms.CharField(max_length=255, label="CI name or number")
