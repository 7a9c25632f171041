"""Planning pages, mounted at /backlogs/."""

from django.urls import path

from .pages import backlogs, board, sprints

app_name = "backlogs"

urlpatterns = [
    path("", backlogs.BacklogListPage.as_view(), name="list"),
    path("<int:pk>/", backlogs.BacklogPage.as_view(), name="detail"),
    path("<int:pk>/export.xls", backlogs.BacklogWorkbook.as_view(), name="export-xls"),
    path("<int:pk>/cards.pdf", backlogs.BacklogCards.as_view(), name="cards-pdf"),
    path("<int:backlog_pk>/sprints/<int:pk>/", sprints.SprintPage.as_view(), name="sprint"),
    path("<int:backlog_pk>/snapshots/<int:snapshot_pk>/", backlogs.SnapshotPage.as_view(), name="snapshot"),
    path(
        "<int:backlog_pk>/snapshots/<int:snapshot_pk>/export.xls",
        backlogs.BacklogWorkbook.as_view(),
        name="snapshot-export-xls",
    ),
    path(
        "<int:backlog_pk>/snapshots/<int:snapshot_pk>/cards.pdf",
        backlogs.BacklogCards.as_view(),
        name="snapshot-cards-pdf",
    ),
    path("board/", board.BoardPage.as_view(), name="board"),
    path("board/<str:slug>/move", board.MoveCard.as_view(), name="board-move"),
]
