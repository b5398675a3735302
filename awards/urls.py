from django.urls import path

from awards import judging_views, nomination_views, team_views, views

app_name = "awards"

urlpatterns = [
    path("", views.awards_home, name="index"),
    path("champions/", views.champions, name="champions"),
    path("champions/join/<str:token>/", views.champion_join, name="champion_join"),
    path("judging/", judging_views.queue, name="queue"),
    path("judging/<int:pk>/", judging_views.judge, name="judge"),
    path("judging/<int:pk>/conflict/", judging_views.conflict, name="conflict"),
    path("nominations/", nomination_views.yours, name="yours"),
    path("nominations/<int:pk>/", nomination_views.nomination, name="nomination"),
    path("nominations/<int:pk>/check/", nomination_views.check, name="check"),
    path("nominations/<int:pk>/submitted/", nomination_views.submitted, name="submitted"),
    path("nominations/<int:pk>/withdraw/", nomination_views.withdraw, name="withdraw"),
    path("nominations/<int:pk>/<slug:slug>/", nomination_views.section, name="section"),
    path("<slug:award>/<int:year>/", views.round_detail, name="round"),
    path("<slug:award>/<int:year>/nominate/", nomination_views.nominate, name="nominate"),
    path("<slug:award>/<int:year>/leaderboard/", team_views.leaderboard_view, name="leaderboard"),
    path("<slug:award>/<int:year>/leaderboard/<int:pk>/", team_views.decide, name="decide"),
]
