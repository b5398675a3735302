"""The kernel's own records: one-time form tokens (portal.core.once) and emails the mail server would not
take (portal.core.emails). Their tables were made by the portal app; the kernel owns them now, so it
imports nothing above it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class FormToken(models.Model):
    """The one-time token of a form that writes something: the first post with it does the work; a
    repeat (a double click, a retried request) gets the first one's result instead of doing it again."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "portal_formtoken"  # made by the portal app, whose table it keeps

    def __str__(self) -> str:
        return str(self.token)


class EmailFailure(models.Model):
    """An email the mail server would not take. The task queue tries it again later; this row lets the
    central team see what is failing and whether it got through in the end. The body is not kept: it may
    hold a sign-in or password reset link."""

    email_id = models.UUIDField(unique=True, editable=False)
    subject = models.CharField(max_length=300)
    recipients = models.TextField()
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField()
    first_failed_at = models.DateTimeField(default=timezone.now)
    last_failed_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty once it has been given up."
    )
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "portal_emailfailure"  # made by the portal app, whose table it keeps
        ordering = ["delivered_at", "-last_failed_at"]

    def __str__(self) -> str:
        return self.subject
