from django.urls import path

from trinvis.toolkits.views import worksheets

_SHEET = "<int:run_pk>/worksheets/<slug:template_key>/"

urlpatterns = [
    path(_SHEET, worksheets.worksheet, name="worksheet"),
    path(f"{_SHEET}history/", worksheets.worksheet_history, name="worksheet_history"),
    path(f"{_SHEET}print/", worksheets.worksheet_print, name="worksheet_print"),
    path(f"{_SHEET}pdf/", worksheets.worksheet_pdf, name="worksheet_pdf"),
    path(f"{_SHEET}xlsx/", worksheets.worksheet_xlsx, name="worksheet_xlsx"),
    path(f"{_SHEET}import/", worksheets.worksheet_import, name="worksheet_import"),
]
