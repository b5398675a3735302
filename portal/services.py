from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.core.emails import send_templated_email
from portal.models import Organisation, OrganisationSuggestion, User
from portal.search.registry import reindex_organisation, reindex_user


def _organisation_find_or_create(name: str, organisation_type: str, region: str) -> tuple[Organisation, bool]:
    """The organisation called `name` (ignoring case), or a new one; safe when two requests name the
    same new organisation at once (the second finds the first's once it is committed)."""
    name = " ".join(name.split())
    organisation = Organisation.objects.named(name).first()
    if organisation is not None:
        return organisation, False
    organisation = Organisation(name=name, organisation_type=organisation_type, region=region)
    organisation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        return Organisation.objects.named(name).get(), False
    return organisation, True


def organisation_choose(
    *, name: str, organisation_type: str = "", region: str = "", user=None
) -> Organisation:
    """What a user gets when they name their organisation (account, sharing, adoption stories): an
    existing one as it is, or a new one with the type and region given. A type or region that differs
    from an existing organisation's is passed to the central team as a suggestion, never applied."""
    organisation, created = _organisation_find_or_create(name, organisation_type, region)
    proposed = {
        field: value
        for field, value in [("organisation_type", organisation_type), ("region", region)]
        if value and value != getattr(organisation, field)
    }
    if not created and proposed:
        suggestion, new = OrganisationSuggestion.objects.get_or_create(
            organisation=organisation, suggested_by=user, resolved_at=None, defaults=proposed
        )
        changed = {f: v for f, v in proposed.items() if getattr(suggestion, f) != v}
        if changed:
            for field, value in changed.items():
                setattr(suggestion, field, value)
            suggestion.save()
        if new or changed:
            send_templated_email(
                template="organisation_suggestion_team",
                to=[settings.CENTRAL_TEAM_EMAIL],
                context={"suggestion": suggestion, "organisation": organisation},
            )
    return organisation


def organisation_chosen_in(data: dict, *, user) -> Organisation:
    """organisation_choose for the cleaned data of a form with the organisation fields
    (portal.core.forms.OrganisationFieldsMixin)."""
    return organisation_choose(
        name=data["organisation_name"],
        organisation_type=data["organisation_type"],
        region=data["region"],
        user=user,
    )


def organisation_get_or_create(*, name: str, organisation_type: str = "", region: str = "") -> Organisation:
    """For the central team's imports: the organisation called `name` (ignoring case), created with the
    type and region given if new. An existing organisation whose type or region is blank has them
    filled in; set ones are kept."""
    organisation, created = _organisation_find_or_create(name, organisation_type, region)
    if created:
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
        organisation_choose(
            name=organisation_name, organisation_type=organisation_type, region=region, user=user
        )
        if organisation_name.strip()
        else None
    )
    user.full_clean()
    user.save(update_fields=["full_name", "job_title", "organisation"])
    reindex_user(user.id)
    return user


@transaction.atomic
def account_claim(*, email: str) -> tuple[User, bool]:
    """The account of `email` once its owner has shown the address is theirs (they followed a link
    emailed to it, or the central team vouches for it), and whether it is theirs afresh, its details
    for the caller to fill in. An account that confirmed the address is theirs already. One that never
    did is anyone's who signed up with it, so it is reset for the owner before it is theirs: no
    password (they choose one through a link emailed to them), no two-factor devices, no sessions
    (Django ends an account's sessions when its password changes), the address confirmed. A missing
    account is made the same way."""
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if (
        user is not None
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    ):
        return user, False
    user = user or User(email=email)
    user.set_unusable_password()
    user.save()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user, True


@transaction.atomic
def organisation_suggestion_apply(*, suggestion: OrganisationSuggestion) -> OrganisationSuggestion:
    """The central team accepts a user's proposed type or region for an organisation."""
    organisation = suggestion.organisation
    organisation_update(
        organisation=organisation,
        name=organisation.name,
        organisation_type=suggestion.organisation_type or organisation.organisation_type,
        region=suggestion.region or organisation.region,
    )
    return organisation_suggestion_dismiss(suggestion=suggestion)


def organisation_suggestion_dismiss(*, suggestion: OrganisationSuggestion) -> OrganisationSuggestion:
    suggestion.resolved_at = timezone.now()
    suggestion.save(update_fields=["resolved_at"])
    return suggestion
