from django.urls import path

from innovations import saved_views, submission_views, views

app_name = "innovations"

urlpatterns = [
    path("", views.search, name="index"),
    path("feed/", views.search_feed, name="feed"),
    path("share/", submission_views.share_start, name="share"),
    path("share/about/", submission_views.section_edit, {"section": "about"}, name="share_about"),
    path("yours/", submission_views.yours, name="yours"),
    path("saved/", saved_views.saved_searches, name="saved"),
    path("saved/new/", saved_views.saved_search_new, name="saved_new"),
    path("saved/<int:pk>/", saved_views.saved_search_open, name="saved_open"),
    path("saved/<int:pk>/edit/", saved_views.saved_search_edit, name="saved_edit"),
    path("saved/<int:pk>/delete/", saved_views.saved_search_delete, name="saved_delete"),
    path("saved/unsubscribe/<str:token>/", saved_views.unsubscribe, name="unsubscribe"),
    path("shortlist/", saved_views.shortlist, name="shortlist"),
    path("yours/<int:pk>/", submission_views.task_list, name="task_list"),
    path("yours/<int:pk>/check/", submission_views.check_answers, name="check"),
    path("yours/<int:pk>/submitted/", submission_views.submitted, name="submitted"),
    path("yours/<int:pk>/preview/", submission_views.preview, name="preview"),
    path("yours/<int:pk>/<slug:section>/", submission_views.section_edit, name="section"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/adopted/", views.adoption_story, name="adoption_story"),
    path("<slug:slug>/report/", views.report_problem, name="report_problem"),
    path("<slug:slug>/star/", saved_views.shortlist_star, name="star"),
]
