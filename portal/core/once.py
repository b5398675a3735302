"""Forms that write something are done once per form, however often they are sent.

Each such form carries a one-time token (a hidden field). The write and the claiming of the token
happen in one transaction: a second post with the same token waits on the token's row until the
first is done, then gets the first one's result page instead of writing again (and sending its
emails again). A first post that failed leaves no result, so sending the form again does the work.

    with FormOnce(request) as once:
        if once.result_url:
            return redirect(once.result_url)
        thing = create_thing(...)
        once.done(thing.get_absolute_url())
"""

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.core.models import FormToken

FIELD = "form_token"
KEPT_FOR = timedelta(days=2)


def form_token(request) -> str:
    """The token for the form on this page: the one it was sent with (so a page shown again with errors
    keeps it), or a new one."""
    return str(_token(request.POST.get(FIELD)) or uuid.uuid4())


def _token(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class FormOnce:
    def __init__(self, request):
        self.token = _token(request.POST.get(FIELD))
        user = getattr(request, "user", None)
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        self.result_url = ""
        self._atomic = transaction.atomic()

    def __enter__(self):
        self._atomic.__enter__()
        if self.token is None:
            return self
        try:
            with transaction.atomic():
                FormToken.objects.create(token=self.token, user_id=self.user_id)
        except IntegrityError:
            # Another post with this token got there first and has finished (our insert waited for it).
            earlier = FormToken.objects.select_for_update().get(token=self.token)
            if earlier.user_id == self.user_id:
                self.result_url = earlier.result_url
            else:
                self.token = None  # someone else's token: do the work, remember nothing
        return self

    def done(self, result_url: str) -> None:
        if self.token is not None:
            FormToken.objects.filter(token=self.token).update(result_url=result_url)
            FormToken.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()

    def __exit__(self, *exc_info):
        return self._atomic.__exit__(*exc_info)
