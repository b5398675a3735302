"""A next session arranged before its event had a UID of its own is already in people's calendars
under the UID the invitation was made with (the mentorship and the session's time, in UTC): that one
is kept, so that moving or cancelling the session updates the event they have."""

from django.conf import settings
from django.db import migrations


def keep_calendar_uids(apps, schema_editor):
    Mentorship = apps.get_model("mentoring", "Mentorship")
    host = settings.SITE_NAME.replace(" ", "-").lower()
    arranged = Mentorship.objects.filter(next_session_at__isnull=False, next_session_uid="")
    for mentorship in arranged.only("pk", "next_session_at").iterator():
        Mentorship.objects.filter(pk=mentorship.pk).update(
            next_session_uid=f"mentorship-{mentorship.pk}-{mentorship.next_session_at:%Y%m%dT%H%M%S}@{host}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0006_next_session_event"),
    ]

    operations = [
        migrations.RunPython(keep_calendar_uids, migrations.RunPython.noop),
    ]
