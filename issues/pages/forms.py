"""Subscribe forms of the status pages: the same input as the subscriptions API (`SubscribeInput`)."""

from django import forms


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We e-mail a link to confirm the subscription; nothing is sent until you open it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CategorySubscribeForm(SubscribeForm):
    category = forms.TypedChoiceField(label="Category", coerce=int, empty_value=None)
    field_order = ["category", "email"]

    def __init__(self, *args, companies=(), **kwargs):
        """`companies`: the public companies with their categories already loaded (no query here)."""
        super().__init__(*args, **kwargs)
        self.categories = {}
        choices = [("", "Choose a category")]
        for company in companies:
            group = []
            for category in company.issue_categories.all():
                self.categories[category.pk] = category
                group.append((category.pk, category.name))
            if group:
                choices.append((company.name, group))
        self.fields["category"].choices = choices

    def clean_category(self):
        # The choices hold only public categories of this account; anything else never validates.
        return self.categories[self.cleaned_data["category"]]
