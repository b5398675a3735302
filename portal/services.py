from django.db import transaction

from portal.models import Organisation, User
from portal.search.registry import reindex_organisation


def organisation_get_or_create(*, name: str, organisation_type: str = "", region: str = "") -> Organisation:
    """The organisation called `name` (ignoring case), created with the type and region given if new.
    An existing organisation whose type or region is blank has them filled in; set ones are kept."""
    name = " ".join(name.split())
    organisation = Organisation.objects.named(name).first()
    if organisation is None:
        organisation = Organisation(name=name, organisation_type=organisation_type, region=region)
        organisation.full_clean()
        organisation.save()
        return organisation
    changed = []
    if organisation_type and not organisation.organisation_type:
        organisation.organisation_type = organisation_type
        changed.append("organisation_type")
    if region and not organisation.region:
        organisation.region = region
        changed.append("region")
    if changed:
        organisation.save(update_fields=[*changed, "updated_at"])
        organisation_reindex(organisation)
    return organisation


def organisation_update(
    *, organisation: Organisation, name: str, organisation_type: str, region: str
) -> Organisation:
    """Change an organisation's name, type or region; the entries that show it are reindexed, so search
    finds them by the new name and the facets count them under the new type and region."""
    organisation.name = " ".join(name.split())
    organisation.organisation_type = organisation_type
    organisation.region = region
    organisation.full_clean()
    organisation.save()
    organisation_reindex(organisation)
    return organisation


def organisation_reindex(organisation: Organisation) -> None:
    """Search finds entries by their organisation's name, type and region: every registered catalogue
    brings the entries that show this organisation up to date."""
    reindex_organisation(organisation.id)


@transaction.atomic
def user_update_details(
    *,
    user: User,
    full_name: str,
    job_title: str = "",
    organisation_name: str = "",
    organisation_type: str = "",
    region: str = "",
) -> User:
    """Save the details a user gives about themselves on the "Your account" page."""
    user.full_name = full_name.strip()
    user.job_title = job_title.strip()
    user.organisation = (
        organisation_get_or_create(name=organisation_name, organisation_type=organisation_type, region=region)
        if organisation_name.strip()
        else None
    )
    user.full_clean()
    user.save(update_fields=["full_name", "job_title", "organisation"])
    return user
