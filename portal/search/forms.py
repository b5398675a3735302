"""The search parameters of any catalogue, as a form: the page and API views turn URL parameters into a
typed SearchQuery here and nowhere else."""

from django import forms

from portal.search.engine import SearchQuery


class FacetedSearchForm(forms.Form):
    """Search parameters for any catalogue of the shared faceted search: `q`, one repeatable parameter
    per facet, `sort` and `page`. An invalid value is reported and left out of the search."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        error_messages={"max_length": "Search for 200 characters or fewer"},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={"invalid": "Page must be a whole number", "min_value": "Page must be 1 or more"},
    )

    def __init__(self, *args, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.fields["sort"] = forms.ChoiceField(
            label="Sort by",
            required=False,
            choices=[(s.value, s.label) for s in catalogue.sorts],
            error_messages={
                "invalid_choice": "“%(value)s” is not a way to sort: use "
                + ", ".join(s.value for s in catalogue.sorts)
            },
        )
        self.fields["match"] = forms.ChoiceField(
            label="Match",
            required=False,
            choices=[
                ("", "Widen a search that finds too little"),
                ("all", "Only entries with every word, as typed"),
            ],
            error_messages={"invalid_choice": "“%(value)s” is not a way to match words: use all"},
        )
        for facet in catalogue.facets:
            self.fields[facet.name] = forms.MultipleChoiceField(
                label=facet.label,
                required=False,
                choices=[(o.value, o.label) for o in facet.options()],
                error_messages={"invalid_choice": f"“%(value)s” is not a known {facet.invalid}"},
            )

    @property
    def facet_names(self) -> list[str]:
        return [facet.name for facet in self.catalogue.facets]

    def search_query(self):
        data = getattr(self, "cleaned_data", {})
        return SearchQuery(
            q=(data.get("q") or "").strip(),
            selected={name: list(data.get(name) or []) for name in self.facet_names},
            sort=data.get("sort") or self.catalogue.sorts[0].value,
            page=data.get("page") or 1,
            match=data.get("match") or "",
        )


def search_form(catalogue, params) -> FacetedSearchForm:
    """The checked search form for URL parameters `params` (a QueryDict): `form.search_query()` is the
    typed query and `form.errors` what was left out. The catalogue's options are read once, here."""
    form = FacetedSearchForm(params, catalogue=catalogue.resolved())
    form.is_valid()
    return form
