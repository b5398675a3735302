from innovations.models import Innovation
from portal.moderation.filters import ModerationFilterSet


class YourInnovationsFilter(ModerationFilterSet):
    """ "Your innovations": by status and by when each last changed."""

    class Meta:
        model = Innovation
        fields = ["status", "changed"]
