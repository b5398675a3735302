"""Inside a mentorship: goals, sessions, the next session as a calendar invitation, private notes, the
scalability assessment, feedback, ending it, inviting the mentee to mentor, and support from the
employer. Every page is for the mentor and the mentee only (404 for anyone else); private notes are
their author's alone; the line manager answers through a signed link, without an account."""

import contextlib
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from mentoring.forms import (
    AssessmentForm,
    EmployerAnswerForm,
    EmployerSupportForm,
    EndForm,
    FeedbackForm,
    GoalForm,
    NextSessionForm,
    NoteForm,
    SessionForm,
)
from mentoring.models import FeedbackMoment, MentorshipStatus, SupportStatus
from mentoring.selectors import feedback_given, mentorship_for_member, mentorship_page
from mentoring.services import (
    assessment_record,
    employer_support_answer,
    employer_support_ask,
    feedback_give,
    goal_add,
    goal_set_done,
    mentorship_end,
    mentorship_invite_mentee,
    next_session_set,
    note_add,
    session_calendar,
    session_record,
    support_for_token,
)
from portal.core.once import FormOnce, form_token
from portal.moderation.models import AlreadyDone, WorkflowError


def _page(request, mentorship, **forms):
    context = mentorship_page(mentorship=mentorship, user=request.user)
    context.update(
        {
            "goal_form": forms.get("goal_form") or GoalForm(),
            "note_form": forms.get("note_form") or NoteForm(),
            "form": forms.get("goal_form") or forms.get("note_form"),  # the error summary reads `form`
            # Each form of the page has a token of its own: a goal and a note are two things written.
            "goal_token": form_token(request) if "goal_form" in forms else str(uuid.uuid4()),
            "note_token": form_token(request) if "note_form" in forms else str(uuid.uuid4()),
        }
    )
    return render(request, "mentoring/mentorship_detail.html", context)


def _written_once(request, mentorship, write, *, message: str):
    """Call `write()` once per form however often the form is sent (portal.core.once): the first
    sending writes and says `message`; a repeat goes straight back to the mentorship, as the first
    did. An error `write` raises leaves nothing behind, so the form can be sent again."""
    back = reverse("mentoring:mentorship", args=[mentorship.pk])
    with FormOnce(request) as once:
        if not once.result_url:
            write()
            once.done(back)
            messages.success(request, message)
    return redirect(back)


@login_required
@require_GET
def mentorship_detail(request, pk: int):
    """The mentor and the mentee: their mentorship (private notes: the reader's own only)."""
    return _page(request, mentorship_for_member(user=request.user, pk=pk))


@login_required
@require_POST
def goal_create(request, pk: int):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            return _written_once(
                request, mentorship, message="Goal added.",
                write=lambda: goal_add(mentorship=mentorship, user=request.user, text=form.cleaned_data["goal"]),
            )  # fmt: skip
        except WorkflowError as exc:
            form.add_error(None, str(exc))
    return _page(request, mentorship, goal_form=form)


@login_required
@require_POST
def goal_toggle(request, pk: int, goal_id: int):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    goal = get_object_or_404(mentorship.goals, pk=goal_id)
    try:
        goal_set_done(goal=goal, user=request.user, done=request.POST.get("done") == "yes")
    except WorkflowError as exc:  # the mentorship has ended: its goals stay as they were
        messages.error(request, str(exc))
    return redirect("mentoring:mentorship", pk=pk)


@login_required
@require_POST
def note_create(request, pk: int):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        return _written_once(
            request, mentorship, message="Note saved. Only you can see it.",
            write=lambda: note_add(mentorship=mentorship, user=request.user, text=form.cleaned_data["note"]),
        )  # fmt: skip
    return _page(request, mentorship, note_form=form)


def _form_page(request, mentorship, form, *, title: str, button: str, intro: str = "", status: int = 200):
    return render(
        request,
        "mentoring/mentorship_form.html",
        {
            "mentorship": mentorship,
            "form": form,
            "title": title,
            "button": button,
            "intro": intro,
            "form_token": form_token(request),
        },  # fmt: skip
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk: int):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    form = SessionForm(request.POST or None, began_on=timezone.localdate(mentorship.started_at))
    if request.method == "POST" and form.is_valid():
        try:
            return _written_once(
                request, mentorship, message="Session recorded.",
                write=lambda: session_record(mentorship=mentorship, user=request.user, **form.cleaned_data),
            )  # fmt: skip
        except WorkflowError as exc:
            form.add_error(None, str(exc))
    return _form_page(request, mentorship, form, title="Record a session", button="Save session")


@login_required
@require_http_methods(["GET", "POST"])
def next_session(request, pk: int):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    initial = {}
    if mentorship.next_session_at:
        local = timezone.localtime(mentorship.next_session_at)
        initial = {
            "date": local.strftime("%d %m %Y"),
            "time": local.strftime("%H:%M"),
            "place": mentorship.next_session_place,
        }
    form = NextSessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            next_session_set(
                mentorship=mentorship,
                user=request.user,
                at=form.cleaned_data["at"],
                place=form.cleaned_data["place"],
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "Next session saved. Add it to your calendar with the link under Next session."
            )
            return redirect("mentoring:mentorship", pk=pk)
    return _form_page(
        request, mentorship, form, title="Arrange the next session", button="Save",
        intro="Both of you can add it to your calendars from the mentorship page.",
    )  # fmt: skip


@login_required
@require_GET
def calendar(request, pk: int):
    """The next session as an .ics file."""
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    if not mentorship.next_session_at:
        raise Http404("No next session arranged.")
    response = HttpResponse(session_calendar(mentorship), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentoring-session-{mentorship.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request, pk: int):
    """Mentor and mentee record where the idea stands on each condition for scaling up."""
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    if mentorship.status != MentorshipStatus.ACTIVE:  # the assessment stands as it was when it ended
        return redirect("mentoring:mentorship", pk=pk)
    latest = mentorship.assessments.first()
    form = AssessmentForm(request.POST or None, initial=AssessmentForm.initial_from(latest))
    if request.method == "POST" and form.is_valid():
        try:
            return _written_once(
                request, mentorship, message="Assessment saved. Earlier ones are kept, so you can see how it changes.",
                write=lambda: assessment_record(
                    mentorship=mentorship, user=request.user, standings=form.standings(),
                    support_agreed=form.cleaned_data["support_agreed"],
                ),
            )  # fmt: skip
        except WorkflowError as exc:
            form.add_error(None, str(exc))
    return _form_page(
        request, mentorship, form, title="Can the idea be scaled, and what support does it need?",
        button="Save assessment",
        intro="For each of the report's eight conditions for scaling up, say together where the idea stands: "
        "ready, needs work, or a blocker. Leave out any that do not apply yet.",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request, pk: int, moment: str):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    if moment not in FeedbackMoment.values:
        raise Http404("No such feedback.")
    given = feedback_given(mentorship=mentorship, user=request.user, moment=moment)
    if given is not None and request.method == "POST":  # the same form sent again: the first is kept
        return redirect("mentoring:mentorship", pk=pk)
    if given is not None:  # sent already: what was sent, with thanks, never an empty form again
        rating = dict(FeedbackForm.base_fields["rating"].choices)[given.rating]
        return render(
            request,
            "mentoring/feedback_given.html",
            {"mentorship": mentorship, "feedback": given, "rating_label": rating},
        )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return _written_once(
                request, mentorship, message="Thank you for your feedback.",
                write=lambda: feedback_give(mentorship=mentorship, user=request.user, moment=moment, **form.cleaned_data),
            )  # fmt: skip
        except AlreadyDone as exc:  # given before, from another page
            messages.success(request, str(exc))
            return redirect("mentoring:mentorship", pk=pk)
    return _form_page(
        request, mentorship, form, title=f"Feedback: {FeedbackMoment(moment).label.lower()}", button="Send feedback",
        intro="This goes to the central team only, to improve the scheme. The other person never sees it.",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk: int):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    if mentorship.status != MentorshipStatus.ACTIVE:
        return redirect("mentoring:mentorship", pk=pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(AlreadyDone):  # ended by the other side meanwhile: show the result
            mentorship_end(
                mentorship=mentorship, user=request.user, completed=form.cleaned_data["outcome"] == "completed",
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        messages.success(request, "The mentorship has ended. You will both be asked for short feedback.")
        return redirect("mentoring:mentorship", pk=pk)
    return _form_page(
        request, mentorship, form, title="End the mentorship", button="End the mentorship",
        intro="Both of you will be emailed, and the mentor will have room for someone new.",
    )  # fmt: skip


@login_required
@require_POST
def invite(request, pk: int):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    try:
        mentorship_invite_mentee(mentorship=mentorship, user=request.user)
    except AlreadyDone as exc:
        messages.success(request, str(exc))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"We have invited {mentorship.mentee.get_full_name()} to offer to mentor.")
    return redirect("mentoring:mentorship", pk=pk)


# Each ask emails an address the asker types: a person may send this many a day, across their
# mentorships (counted in the shared cache, as the problem reports are).
MANAGER_ASKS_A_DAY = 5


class Limited(WorkflowError):
    """Asked too often (answered 429)."""


@login_required
@require_http_methods(["GET", "POST"])
def employer_ask(request, pk: int):
    mentorship = mentorship_for_member(user=request.user, pk=pk)
    form = EmployerSupportForm(request.POST or None, mentorship=mentorship)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def ask():  # counted only when it would email (not a repeat of a form already sent)
            if is_ratelimited(
                request, group="mentoring.employer_ask", key="user", rate=f"{MANAGER_ASKS_A_DAY}/d",
                method="POST", increment=True,
            ):  # fmt: skip
                raise Limited(f"You can ask {MANAGER_ASKS_A_DAY} times a day. Try again tomorrow.")
            employer_support_ask(mentorship=mentorship, user=request.user, **data)

        try:
            return _written_once(
                request, mentorship, write=ask,
                message=f"We have emailed {data['manager_name']} to ask them to confirm.",
            )  # fmt: skip
        except WorkflowError as exc:
            form.add_error(None, str(exc))
            status = 429 if isinstance(exc, Limited) else 200
    return _form_page(
        request, mentorship, form, title="Ask your line manager to confirm time for mentoring", button="Send",
        intro="We email them a link to confirm, or say not at the moment, without needing an account. "
        "The mentorship page shows their answer.", status=status,
    )  # fmt: skip


@never_cache  # the link is the only key to the page: no shared cache or browser may keep a copy
@require_http_methods(["GET", "POST"])
def employer_support(request, token: str):
    """Anyone holding the signed link from the latest email (a line manager, without an account):
    confirm, or not, that someone has time for their mentorship."""
    support = support_for_token(token)
    if support is None:
        raise Http404("This link is not valid: it is more than 60 days old, or a newer one was sent.")
    if support.status == SupportStatus.ASKED and support.mentorship.status != MentorshipStatus.ACTIVE:
        return render(request, "mentoring/employer_support_ended.html", {"support": support})
    form = EmployerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support = employer_support_answer(
                support=support,
                confirmed=form.cleaned_data["answer"] == "yes",
                comment=form.cleaned_data["comment"],
            )
        except AlreadyDone:  # answered already: the page shows that answer
            pass
        except WorkflowError as exc:  # sent again while the page was open
            raise Http404("This link has been replaced by a newer one.") from exc
    return render(request, "mentoring/employer_support.html", {"support": support, "form": form})
