from django.urls import path

from mentoring import mentorship_views, team_views, views

app_name = "mentoring"

urlpatterns = [
    path("", views.mentoring_home, name="index"),
    path("offer/", views.offer, name="offer"),
    path("offer/sent/", views.offer_sent, name="offer_sent"),
    path("availability/", views.availability, name="availability"),
    path("ask/", views.ask, name="ask"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/choose/", views.request_choose, name="request_choose"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("offers/<int:pk>/", views.offer_answer, name="offer_answer"),
    path("mentorships/<int:pk>/", mentorship_views.mentorship_detail, name="mentorship"),
    path("mentorships/<int:pk>/goals/", mentorship_views.goal_create, name="goal_create"),
    path("mentorships/<int:pk>/goals/<int:goal_id>/", mentorship_views.goal_toggle, name="goal_toggle"),
    path("mentorships/<int:pk>/notes/", mentorship_views.note_create, name="note_create"),
    path("mentorships/<int:pk>/sessions/new/", mentorship_views.session_create, name="session_create"),
    path("mentorships/<int:pk>/next-session/", mentorship_views.next_session, name="next_session"),
    path("mentorships/<int:pk>/next-session.ics", mentorship_views.calendar, name="calendar"),
    path("mentorships/<int:pk>/assessment/", mentorship_views.assessment, name="assessment"),
    path("mentorships/<int:pk>/feedback/<slug:moment>/", mentorship_views.feedback, name="feedback"),
    path("mentorships/<int:pk>/end/", mentorship_views.end, name="end"),
    path("mentorships/<int:pk>/invite/", mentorship_views.invite, name="invite"),
    path("mentorships/<int:pk>/employer/", mentorship_views.employer_ask, name="employer_ask"),
    path("support/<str:token>/", mentorship_views.employer_support, name="employer_support"),
    path("matching/", team_views.matching, name="matching"),
    path("report/", team_views.report, name="report"),
]
