"""Every write to the mentor pool that has a rule, one concern a module:

- `offers_to_mentor`: offering to mentor (a draft, sending it), a champion joining, and `mentor_save`,
  the rules every save of a mentor follows;
- `review`: the central team approves an offer, sends it back or archives it;
- `availability`: an approved mentor pauses or changes how many mentees they take;
- `directory`: the directory's search entries (`mentor_refresh`);
- `imports`: the CSV import of an existing pool and the invitation to set a password;
- `requests`: asking for a mentor, choosing, the offers (accept, decline, expiry), withdrawing; its
  docstring states the order in which every write here takes row locks;
- `mentorships`: goals, sessions and the calendar, notes, the assessment, feedback, ending, and the
  mentor inviting their mentee to mentor;
- `employer_support`: a line manager confirming time for a mentorship;
- `batch_offers`: sending the offers of a batch proposal.

The public names are re-exported here, so `from mentoring.services import mentor_offer_accept` works
wherever it is used and other apps need not know how the package is laid out. Modules inside the package
import from each other's modules, never from this one, so that there is no import cycle."""

from mentoring.services.availability import mentor_set_availability
from mentoring.services.batch_offers import batch_offers_send
from mentoring.services.directory import MENTOR_WORDS_SQL, mentor_refresh, mentors_for_user_ids
from mentoring.services.employer_support import (
    MANAGER_IS_A_MEMBER,
    SUPPORT_SALT,
    employer_support_answer,
    employer_support_ask,
    support_for_token,
    support_token,
)
from mentoring.services.imports import (
    COLUMNS,
    LIMITS,
    LISTS,
    ONE_LINE,
    REQUIRED,
    MentorImportPlan,
    apply_mentor_import,
    import_mentors,
    password_setting_url,
    plan_mentor_import,
)
from mentoring.services.mentorships import (
    assessment_record,
    feedback_give,
    goal_add,
    goal_set_done,
    invited_by,
    mentorship_end,
    mentorship_invite_mentee,
    next_session_set,
    note_add,
    session_calendar,
    session_record,
)
from mentoring.services.offers_to_mentor import (
    CHAMPION_CONFIRMS,
    OFFER_FIELDS,
    mentor_for_user,
    mentor_is_editable,
    mentor_join_as_champion,
    mentor_save,
    mentor_save_offer,
    mentor_stamp,
    mentor_submit,
    offer_missing,
)
from mentoring.services.requests import (
    mentor_offer_accept,
    mentor_offer_decline,
    mentor_offers_expire,
    mentor_request_choose,
    mentor_request_create,
    mentor_request_withdraw,
)
from mentoring.services.review import mentor_approve, mentor_archive, mentor_send_back

__all__ = [
    "CHAMPION_CONFIRMS",
    "COLUMNS",
    "LIMITS",
    "LISTS",
    "MANAGER_IS_A_MEMBER",
    "MENTOR_WORDS_SQL",
    "OFFER_FIELDS",
    "ONE_LINE",
    "REQUIRED",
    "SUPPORT_SALT",
    "MentorImportPlan",
    "apply_mentor_import",
    "assessment_record",
    "batch_offers_send",
    "employer_support_answer",
    "employer_support_ask",
    "feedback_give",
    "goal_add",
    "goal_set_done",
    "import_mentors",
    "invited_by",
    "mentor_approve",
    "mentor_archive",
    "mentor_for_user",
    "mentor_is_editable",
    "mentor_join_as_champion",
    "mentor_offer_accept",
    "mentor_offer_decline",
    "mentor_offers_expire",
    "mentor_refresh",
    "mentor_request_choose",
    "mentor_request_create",
    "mentor_request_withdraw",
    "mentor_save",
    "mentor_save_offer",
    "mentor_send_back",
    "mentor_set_availability",
    "mentor_stamp",
    "mentor_submit",
    "mentors_for_user_ids",
    "mentorship_end",
    "mentorship_invite_mentee",
    "next_session_set",
    "note_add",
    "offer_missing",
    "password_setting_url",
    "plan_mentor_import",
    "session_calendar",
    "session_record",
    "support_for_token",
    "support_token",
]
