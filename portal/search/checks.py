"""A system check: every registered catalogue names only columns its table has, so a renamed column
stops the portal at start-up rather than failing a search."""

from django.core import checks

from portal.search.registry import registered


@checks.register(checks.Tags.models)
def catalogue_columns_exist(app_configs=None, **kwargs):
    errors = []
    for registration in registered():
        model, catalogue = registration.model, registration.catalogue
        if catalogue.table != model._meta.db_table:
            errors.append(
                checks.Error(
                    f"The {registration.kind} catalogue searches table {catalogue.table!r}, but its model "
                    f"{model.__name__} is stored in {model._meta.db_table!r}.",
                    id="search.E001",
                )
            )
            continue
        columns = {field.column for field in model._meta.concrete_fields}
        missing = sorted(catalogue.columns() - columns)
        if missing:
            errors.append(
                checks.Error(
                    f"The {registration.kind} catalogue names columns its table {catalogue.table!r} does not "
                    f"have: {', '.join(missing)}.",
                    hint=f"Columns of {model.__name__}: {', '.join(sorted(columns))}.",
                    id="search.E002",
                )
            )
    return errors
