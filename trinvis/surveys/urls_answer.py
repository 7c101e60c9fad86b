"""Public answer links (/s/…): personal single-use links and open, anonymous links.

No login: the token in the address is the key. An unknown token is a 404; a known link
whose survey is closed or whose answers are already submitted answers 200 with a page
saying so (the link was right, there is just nothing more to do with it).
"""

from django.urls import path

from trinvis.surveys.views import answer as views

app_name = "answer"
urlpatterns = [
    path("thanks/", views.thanks, name="thanks"),
    path("o/<str:open_token>/", views.answer_open, name="open"),
    path("<str:token>/", views.answer_personal, name="personal"),
]
