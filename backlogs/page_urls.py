"""Planning pages, mounted at /backlogs/."""

from django.urls import path

from .pages import board

app_name = "backlogs"

urlpatterns = [
    path("board/", board.BoardPage.as_view(), name="board"),
    path("board/<str:slug>/move", board.MoveCard.as_view(), name="board-move"),
]
